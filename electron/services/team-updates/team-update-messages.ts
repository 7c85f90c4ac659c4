/**
 * What the release service may tell the team, as outbox messages. Checked with zod when
 * enqueued (a clear error names the field) and again when read back from disk. The outbox
 * routes by `service`, which is derived from `kind` — callers never pass it.
 */
import { z } from 'zod';

const releaseId = z.string().trim().min(1, 'is required').max(200, 'is at most 200 characters');
const httpUrl = z
  .string()
  .max(2048, 'is at most 2048 characters')
  .refine((value) => /^https?:\/\//i.test(value) && URL.canParse(value), { error: 'must be an http(s) URL' });

export const DEPLOYMENT_STATES = ['in_progress', 'success', 'failure', 'inactive', 'error', 'queued'] as const;
export type DeploymentState = (typeof DEPLOYMENT_STATES)[number];

const DeploymentCreate = z.object({
  kind: z.literal('deployment.create'),
  releaseId,
  environment: z.string().trim().min(1, 'is required').max(255, 'is at most 255 characters'),
  /** The release's frozen SHA (sent as the deployment's ref). */
  sha: z.string().trim().min(1, 'is required').max(255, 'is at most 255 characters'),
  description: z.string().max(1000, 'is at most 1000 characters').default(''),
  /** A preview environment that goes away (Stage 1). */
  transientEnvironment: z.boolean().default(false),
  productionEnvironment: z.boolean().optional(),
});

const DeploymentStatus = z.object({
  kind: z.literal('deployment.status'),
  releaseId,
  state: z.enum(DEPLOYMENT_STATES),
  environmentUrl: httpUrl.optional(),
  logUrl: httpUrl.optional(),
  description: z.string().max(1000, 'is at most 1000 characters').default(''),
});

const SlackThreadStart = z.object({
  kind: z.literal('slack.thread-start'),
  releaseId,
  /** Default: the workspace's slack.channel. */
  channel: z.string().trim().min(1).max(200).optional(),
  text: z.string().min(1, 'is required').max(3000, 'is at most 3000 characters'),
});

const SlackThreadReply = z.object({
  kind: z.literal('slack.thread-reply'),
  releaseId,
  text: z.string().min(1, 'is required').max(3000, 'is at most 3000 characters'),
});

export const TeamUpdateSchema = z.discriminatedUnion('kind', [DeploymentCreate, DeploymentStatus, SlackThreadStart, SlackThreadReply]);

/** What callers enqueue (defaults not yet applied). */
export type TeamUpdateInput = z.input<typeof TeamUpdateSchema>;
export type TeamUpdate = z.output<typeof TeamUpdateSchema>;
/** As stored: plus the service that delivers it. */
export type TeamUpdateMessage = TeamUpdate & { readonly service: 'github' | 'slack' };

export function serviceOf(kind: TeamUpdate['kind']): 'github' | 'slack' {
  return kind.startsWith('slack.') ? 'slack' : 'github';
}

/** Parses a message or throws an Error naming each wrong field and what was wrong. */
export function parseTeamUpdate(input: unknown): TeamUpdateMessage {
  const result = TeamUpdateSchema.safeParse(input);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.length === 0 ? 'message' : issue.path.join('.')}: ${issue.message}`);
    throw new Error(`not a team update: ${problems.join('; ')}`);
  }
  return { ...result.data, service: serviceOf(result.data.kind) };
}

/** The message with every free-text field passed through `redact`. */
export function redactTeamUpdate(message: TeamUpdateMessage, redact: (text: string) => string): TeamUpdateMessage {
  switch (message.kind) {
    case 'deployment.create':
      return { ...message, description: redact(message.description), environment: redact(message.environment) };
    case 'deployment.status':
      return {
        ...message,
        description: redact(message.description),
        ...(message.environmentUrl === undefined ? {} : { environmentUrl: redact(message.environmentUrl) }),
        ...(message.logUrl === undefined ? {} : { logUrl: redact(message.logUrl) }),
      };
    case 'slack.thread-start':
    case 'slack.thread-reply':
      return { ...message, text: redact(message.text) };
  }
}

/** One line naming the message, for the release view ("Slack reply: Preview ready …"). */
export function summarizeTeamUpdate(message: TeamUpdate): string {
  switch (message.kind) {
    case 'deployment.create':
      return `GitHub deployment to ${message.environment}`;
    case 'deployment.status':
      return `GitHub deployment status ${message.state}${message.environmentUrl === undefined ? '' : ` (${message.environmentUrl})`}`;
    case 'slack.thread-start':
      return `Slack thread: ${firstLine(message.text)}`;
    case 'slack.thread-reply':
      return `Slack reply: ${firstLine(message.text)}`;
  }
}

function firstLine(text: string): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
}
