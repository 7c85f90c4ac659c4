import { z } from 'zod';
import type { BridgeRequest } from '../../shared/ipc/bridge-protocol';

/** Everything a browser sends over the bridge socket is checked against this first. */
export const BridgeRequestSchema: z.ZodType<BridgeRequest> = z.object({
  type: z.literal('call'),
  id: z.number().int().nonnegative(),
  name: z.string().max(100),
  args: z.array(z.unknown()).max(20),
});
