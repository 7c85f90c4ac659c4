/**
 * The only way Release Desk opens anything outside itself: https links to the hosts the
 * team's tools live on, and plain http to this machine's 127.0.0.1 (where the demo world's
 * Stage 1 previews answer). Everything else (file:, javascript:, other hosts, http anywhere
 * else, credentials in the URL) is refused.
 */
export const DEFAULT_EXTERNAL_HOSTS: readonly string[] = [
  'github.com',
  'circleci.com',
  'app.circleci.com',
  'slack.com',
];

const LOOPBACK = '127.0.0.1';

export type ExternalLinkVerdict =
  | { readonly allowed: true; readonly url: string }
  | { readonly allowed: false; readonly reason: string };

export function checkExternalLink(raw: string, allowedHosts: readonly string[]): ExternalLinkVerdict {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { allowed: false, reason: 'not a valid URL' };
  }
  if (url.username !== '' || url.password !== '') return { allowed: false, reason: 'links with credentials never open' };
  // A preview on this machine: only the IPv4 loopback address itself, never a name that
  // could be made to resolve elsewhere.
  if (url.protocol === 'http:' && url.hostname === LOOPBACK) return { allowed: true, url: url.toString() };
  if (url.protocol !== 'https:') return { allowed: false, reason: `only https links open (got ${url.protocol})` };
  const host = url.hostname.toLowerCase();
  const permitted = allowedHosts.some((allowed) => host === allowed || host.endsWith(`.${allowed}`));
  if (!permitted) return { allowed: false, reason: `${host} is not a host Release Desk opens` };
  return { allowed: true, url: url.toString() };
}
