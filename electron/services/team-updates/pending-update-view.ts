/**
 * A pending team update as the release view receives it over IPC (shared/releases'
 * PendingUpdateSchema): which service, what it is, and the one line saying why it is still
 * pending. The message itself (with its ids and URLs) stays in the main process.
 */
import type { z } from 'zod';
import type { PendingUpdateSchema } from '../../../shared/releases/release-ipc';
import type { PendingTeamUpdate } from './team-updates';

export type PendingUpdateView = z.infer<typeof PendingUpdateSchema>;

export function pendingUpdateView(update: PendingTeamUpdate): PendingUpdateView {
  return { id: update.id, channel: update.message.service, description: update.summary, status: update.reason };
}
