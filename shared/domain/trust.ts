/**
 * Workspace trust as the window sees it: whether the open folder's commands may run, which
 * commands those are, and the folders the user has trusted (Settings → Trusted folders).
 */
import { z } from 'zod';

export const WorkspaceCommandSchema = z.object({
  /** Where it is configured: `localTests.command`, `environments.production.commands.rollback`… */
  key: z.string(),
  command: z.string(),
});

export const TrustStateSchema = z.object({
  trusted: z.boolean(),
  /** Every command release-desk.yml names: what runs once the folder is trusted. */
  commands: z.array(WorkspaceCommandSchema).readonly(),
  /** What is waiting for trust, one sentence each; empty when trusted. */
  waiting: z.array(z.string()).readonly(),
});
export type TrustState = z.infer<typeof TrustStateSchema>;

export const TrustedFolderSchema = z.object({
  path: z.string(),
  trustedAt: z.string(),
  how: z.enum(['dialog', 'demo', 'command-line']),
});
export type TrustedFolderView = z.infer<typeof TrustedFolderSchema>;

export const TrustRequestOutcomeSchema = z.object({
  /** `refused`: the user said no (or closed the dialog). */
  outcome: z.enum(['trusted', 'already-trusted', 'refused']),
  trust: TrustStateSchema,
});

/** A trusted folder as Settings names it for Revoke: its real path as listed. */
export const TrustedFolderPathSchema = z.string().min(1).max(4096);
