/**
 * Connections to the services Release Desk talks to (GitHub, CircleCI, Slack), as the
 * renderer may see them: who the saved token belongs to and when it was saved. The tokens
 * themselves never appear in any of these shapes; they stay in the main process.
 */
import { z } from 'zod';
import { SERVICE_IDS } from './services';

export { SERVICE_IDS, SERVICE_LABELS, type ServiceId } from './services';

export const ServiceIdSchema = z.enum(SERVICE_IDS);

/**
 * A token as the user pastes it: surrounding whitespace is forgiven (copy/paste), but a
 * space inside means something else was pasted. The messages never repeat the value.
 */
export const TokenInputSchema = z
  .string()
  .trim()
  .min(1, 'a token is required')
  .max(512, 'a token is at most 512 characters')
  .regex(/^\S+$/, 'a token has no spaces or line breaks inside');

/** An API address as typed in Settings; '' means "back to the default". Checked in the main process. */
export const ServiceUrlInputSchema = z.string().trim().max(2048, 'an address is at most 2048 characters');

/** What saving an API address did: its message, and whether the service's token was forgotten. */
export const ApiUrlChangeSchema = z.object({
  /** Ready to show: "GitHub API address saved." or "…: connect again". */
  message: z.string(),
  /** The address changed, so the saved token (bound to the old one) was deleted. */
  tokenForgotten: z.boolean(),
});
export type ApiUrlChange = z.infer<typeof ApiUrlChangeSchema>;

/** What checking a token against its service found. Only `connected` tokens are saved. */
export const ConnectionOutcomeSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('connected'),
    service: ServiceIdSchema,
    /** How the service names the token's owner, ready to show: "@octocat". */
    connectedAs: z.string(),
  }),
  z.object({
    kind: z.literal('refused'),
    service: ServiceIdSchema,
    /** The service's own words, e.g. GitHub's "Bad credentials" or Slack's "invalid_auth". */
    reason: z.string(),
  }),
  z.object({ kind: z.literal('unreachable'), service: ServiceIdSchema, reason: z.string() }),
]);
export type ConnectionOutcome = z.infer<typeof ConnectionOutcomeSchema>;

export const ConnectionSummarySchema = z.object({
  service: ServiceIdSchema,
  state: z.enum(['connected', 'not-connected']),
  connectedAs: z.string().optional(),
  /** ISO 8601. */
  savedAt: z.string().optional(),
  /** The API the token is checked against (api.github.com, or a GitHub Enterprise host). */
  baseUrl: z.string(),
  /** Where baseUrl comes from: the built-in default, Settings, or an environment variable (which wins). */
  baseUrlSource: z.enum(['default', 'settings', 'environment']),
  /** Why a saved token is not used (it was checked against another address): "connect again". */
  notice: z.string().optional(),
});
export type ConnectionSummary = z.infer<typeof ConnectionSummarySchema>;

/**
 * How tokens would be stored on this machine. `plaintext` is Electron's `basic_text`
 * fallback on Linux (a fixed, public key) or no encryption at all: anyone who can read the
 * user's files can read the tokens, so storing needs the user's explicit consent.
 */
export const TokenStorageSchema = z.object({
  protection: z.enum(['encrypted', 'plaintext']),
  /** The OS backend as Electron names it: keychain, dpapi, gnome_libsecret, kwallet5, basic_text… */
  backend: z.string(),
  /** When the user accepted storing tokens without encryption (ISO 8601), or null. */
  plaintextAcceptedAt: z.string().nullable(),
});
export type TokenStorage = z.infer<typeof TokenStorageSchema>;
