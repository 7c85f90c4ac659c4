import { z } from 'zod';
import { TrustStateSchema } from './trust';

export const HostKindSchema = z.enum(['electron', 'browser-bridge']);
export type HostKind = z.infer<typeof HostKindSchema>;

export const AppInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  host: HostKindSchema,
  platform: z.string(),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

/**
 * What the app knows about the open workspace. `none` is the honest answer until a
 * workspace is configured or the demo is started.
 */
export const WorkspaceStatusSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none'), hint: z.string() }),
  z.object({
    kind: z.literal('invalid'),
    path: z.string(),
    /** One line each, `release-desk.yml:LINE: key.path: what is wrong (got VALUE)`. */
    problems: z.array(z.string()).readonly(),
    /** True when the app still runs on the last valid configuration read from the file. */
    usingLastValid: z.boolean().optional(),
    /** Workspace trust, when the host knows it (the app; not the CLI's one-shot read). */
    trust: TrustStateSchema.optional(),
  }),
  z.object({
    kind: z.literal('ready'),
    path: z.string(),
    name: z.string(),
    /** Workspace trust, when the host knows it (the app; not the CLI's one-shot read). */
    trust: TrustStateSchema.optional(),
  }),
]);
export type WorkspaceStatus = z.infer<typeof WorkspaceStatusSchema>;
