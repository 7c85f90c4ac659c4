/**
 * The journal's head as published where the team sees it (issue 10): each GitHub Deployment
 * status description and the last Slack message of a release end with `journal SEQ:HASH12`
 * — the seq and the first 12 hex digits of the hash of the newest entry when it was sent.
 * Anyone can compare those with the journal later (`audit verify --against-github`): a
 * published seq beyond the journal's end means it was truncated, another hash at that seq
 * means it was replaced (rewritten and re-chained).
 */
export interface JournalHead {
  readonly seq: number;
  readonly hash: string;
}

/** Hex digits of the hash that are published: 48 bits, enough that a forger cannot match it by trying. */
export const PUBLISHED_HASH_DIGITS = 12;

/** GitHub caps a deployment status description at 140 characters. */
export const GITHUB_DESCRIPTION_LIMIT = 140;

export function formatPublishedHead(head: JournalHead): string {
  return `journal ${head.seq}:${head.hash.slice(0, PUBLISHED_HASH_DIGITS)}`;
}

/**
 * `text` with the head after it, clipped (with an ellipsis) so that the whole stays within
 * `limit` characters and the head is never the part cut off.
 */
export function withPublishedHead(text: string, head: JournalHead, limit = Number.POSITIVE_INFINITY): string {
  const suffix = ` · ${formatPublishedHead(head)}`;
  const room = limit - suffix.length;
  const chars = [...text];
  const body = chars.length <= room ? text : `${chars.slice(0, Math.max(0, room - 1)).join('')}…`;
  return `${body}${suffix}`;
}

const PUBLISHED = /\bjournal ([1-9][0-9]{0,15}):([0-9a-f]{12,64})\b/g;

/** Every head published in `text` (normally one, at the end). */
export function publishedHeadsIn(text: string): JournalHead[] {
  const heads: JournalHead[] = [];
  for (const match of text.matchAll(PUBLISHED)) {
    const seq = Number(match[1]);
    if (Number.isSafeInteger(seq)) heads.push({ seq, hash: match[2] ?? '' });
  }
  return heads;
}
