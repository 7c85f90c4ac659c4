import { describe, expect, it } from 'vitest';
import { hasInvisible, revealInvisible } from '../../../../shared/text/reveal-invisible';

describe('revealInvisible', () => {
  it('spells out a right-to-left override so the real order shows', () => {
    expect(revealInvisible('feat/rtl-\u202Egnp.exe')).toEqual({ text: 'feat/rtl-\\u202Egnp.exe', suspicious: true });
  });

  it('makes a zero-width space visible, so two names that look alike read differently', () => {
    const spaced = revealInvisible('feat/zero\u200Bwidth');
    expect(spaced.text).toBe('feat/zero\\u200Bwidth');
    expect(spaced.text).not.toBe(revealInvisible('feat/zerowidth').text);
  });

  it.each([
    ['isolate', '\u2066', '\\u2066'],
    ['pop isolate', '\u2069', '\\u2069'],
    ['escape control', '\u001B[31m', '\\u001B[31m'],
    ['newline', 'a\nb', 'a\\u000Ab'],
    ['byte-order mark', '\uFEFFname', '\\uFEFFname'],
  ])('reveals a %s', (_what, raw, shown) => {
    expect(revealInvisible(raw)).toEqual({ text: shown, suspicious: true });
  });

  it('leaves ordinary names, unicode letters and emoji alone', () => {
    for (const name of ['feature/ready', 'feat/ünïcødé', 'feat/日本語', 'feat/🚀-launch', 'feat/a$(touch x);b']) {
      expect(revealInvisible(name)).toEqual({ text: name, suspicious: false });
      expect(hasInvisible(name)).toBe(false);
    }
  });

  it('answers the same on repeated calls (no regex state kept between them)', () => {
    expect(hasInvisible('a\u200Bb')).toBe(true);
    expect(hasInvisible('a\u200Bb')).toBe(true);
  });
});
