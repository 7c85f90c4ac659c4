import { INVISIBLE_WARNING, revealInvisible } from '../../../shared/text/reveal-invisible';

/** A segment longer than this is shortened in the middle (the full name is in the tooltip). */
const LONGEST_SEGMENT = 40;

export interface DisplayName {
  /** Every invisible or direction-changing character spelled out (`\u202E`). */
  readonly full: string;
  /** The parts between slashes, each ending in its slash, long ones shortened. */
  readonly segments: readonly string[];
  readonly shortened: boolean;
  readonly suspicious: boolean;
}

/**
 * How a branch name is shown: revealed (a name cannot pretend to be another), split at its
 * slashes so it wraps there rather than mid-word, and with an over-long part shortened to
 * its start and end so one 200-character name cannot make its row tall.
 */
export function displayName(raw: string): DisplayName {
  const { text, suspicious } = revealInvisible(raw);
  const parts = text.split(/(?<=\/)/);
  const segments = parts.map((part) =>
    part.length <= LONGEST_SEGMENT ? part : `${part.slice(0, LONGEST_SEGMENT - 14)}…${part.slice(part.length - 13)}`,
  );
  return { full: text, segments, shortened: segments.some((segment, index) => segment !== parts[index]), suspicious };
}

/** The warnings a row carries for what its texts hid, one per kind of text. */
export function invisibleWarnings(texts: { readonly branch: string; readonly author: string; readonly title?: string }): readonly string[] {
  const warnings: string[] = [];
  if (revealInvisible(texts.branch).suspicious) warnings.push(`Branch ${INVISIBLE_WARNING}`);
  if (revealInvisible(texts.author).suspicious) warnings.push(`Author ${INVISIBLE_WARNING}`);
  if (texts.title !== undefined && revealInvisible(texts.title).suspicious) warnings.push(`Pull request title contains invisible or direction-changing characters`);
  return warnings;
}

export const shown = (raw: string): string => revealInvisible(raw).text;
