/**
 * `release-desk config schema`: prints the JSON Schema of release-desk.yml, generated from the
 * same zod schema the app validates with, for editors (yaml-language-server and friends).
 * docs/release-desk.schema.json is this output, committed; a test keeps the two equal.
 */
import { workspaceConfigJsonSchema } from '../../../shared/config/workspace-config';
import { EXIT } from '../cli-error';
import type { CliIo } from '../cli-io';

export function configSchemaText(): string {
  return `${JSON.stringify(workspaceConfigJsonSchema(), null, 2)}\n`;
}

export function configSchemaCommand(io: CliIo): number {
  io.stdout(configSchemaText());
  return EXIT.ok;
}
