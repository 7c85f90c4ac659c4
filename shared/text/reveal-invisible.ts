/**
 * Names that lie: a branch called `feat/rtl-\u202Egnp.exe` displays as `feat/rtl-exe.png`, and
 * `feat/zero\u200Bwidth` looks like `feat/zerowidth`. Anything shown to a person (board, detail,
 * CLI text) goes through `revealInvisible`, which spells such characters out as `\uXXXX` and
 * says that it did, so the row can carry a warning. `--json` keeps the raw name.
 */

/**
 * C0/C1 controls, bidi embeddings/overrides/isolates and marks, zero-width and other
 * invisible formatting characters, variation selectors, line/paragraph separators and the
 * BOM. Built from code-point ranges because a literal class of these characters is itself
 * unreadable (and lint rightly refuses it).
 */
const INVISIBLE_RANGES: readonly (readonly [number, number])[] = [
  [0x0000, 0x001f], [0x007f, 0x009f], [0x00ad, 0x00ad], [0x061c, 0x061c], [0x115f, 0x1160],
  [0x180e, 0x180e], [0x200b, 0x200f], [0x2028, 0x202e], [0x2060, 0x206f], [0x3164, 0x3164],
  [0xfe00, 0xfe0f], [0xfeff, 0xfeff], [0xffa0, 0xffa0], [0xfff9, 0xfffb],
];
const hex = (codePoint: number) => `\\u{${codePoint.toString(16)}}`;
const INVISIBLE = new RegExp(`[${INVISIBLE_RANGES.map(([from, to]) => `${hex(from)}-${hex(to)}`).join('')}]`, 'gu');

export const INVISIBLE_WARNING = 'name contains invisible or direction-changing characters';

export interface RevealedText {
  /** The text with every invisible or direction-changing character written as `\uXXXX`. */
  readonly text: string;
  /** True when anything had to be spelled out. */
  readonly suspicious: boolean;
}

export function revealInvisible(raw: string): RevealedText {
  let suspicious = false;
  const text = raw.replace(INVISIBLE, (character) => {
    suspicious = true;
    return `\\u${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
  });
  return { text, suspicious };
}

export function hasInvisible(raw: string): boolean {
  INVISIBLE.lastIndex = 0;
  const found = INVISIBLE.test(raw);
  INVISIBLE.lastIndex = 0;
  return found;
}
