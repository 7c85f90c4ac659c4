/**
 * The checks on release-desk.yml's bytes that come before any parsing: a size limit, so a
 * huge file is refused at once instead of freezing the main process or the CLI, and strict
 * UTF-8, so a stray byte is reported with its line rather than read as U+FFFD.
 */
import type { ConfigProblem } from '../../../shared/config/config-problem';

/** 1 MiB: a real release-desk.yml is a few kilobytes. Documented in docs/configuration.md. */
export const MAX_CONFIG_BYTES = 1024 * 1024;

export function tooLargeReason(bytes: number): string {
  return `is ${bytes.toLocaleString('en-US')} bytes; a release-desk.yml may be at most 1 MiB (${MAX_CONFIG_BYTES.toLocaleString('en-US')} bytes), so it was not read`;
}

export type DecodedConfig =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly problem: ConfigProblem };

export function decodeConfigBytes(bytes: Uint8Array): DecodedConfig {
  const bad = firstInvalidUtf8(bytes);
  if (bad === -1) return { ok: true, text: new TextDecoder('utf-8').decode(bytes) };
  const byte = bytes[bad] ?? 0;
  return {
    ok: false,
    problem: { line: lineAtByte(bytes, bad), path: '', message: `invalid UTF-8 (byte 0x${byte.toString(16).padStart(2, '0')})` },
  };
}

/** 1-based line of the byte at `offset`. */
function lineAtByte(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i += 1) if (bytes[i] === 0x0a) line += 1;
  return line;
}

/**
 * The offset of the first byte that makes `bytes` invalid UTF-8 (RFC 3629: no overlong
 * forms, no surrogates, nothing above U+10FFFF), or -1. For a truncated or broken sequence,
 * the offset of its lead byte.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i] ?? 0;
    if (lead < 0x80) {
      i += 1;
      continue;
    }
    let length: number;
    let min: number;
    let max: number;
    if (lead >= 0xc2 && lead <= 0xdf) [length, min, max] = [2, 0x80, 0xbf];
    else if (lead === 0xe0) [length, min, max] = [3, 0xa0, 0xbf];
    else if (lead === 0xed) [length, min, max] = [3, 0x80, 0x9f];
    else if (lead >= 0xe1 && lead <= 0xef) [length, min, max] = [3, 0x80, 0xbf];
    else if (lead === 0xf0) [length, min, max] = [4, 0x90, 0xbf];
    else if (lead === 0xf4) [length, min, max] = [4, 0x80, 0x8f];
    else if (lead >= 0xf1 && lead <= 0xf3) [length, min, max] = [4, 0x80, 0xbf];
    else return i;
    // The second byte has the narrower range (it rules out overlongs and surrogates); the rest are plain continuations.
    const second = bytes[i + 1];
    if (second === undefined || second < min || second > max) return i;
    for (let k = 2; k < length; k += 1) {
      const next = bytes[i + k];
      if (next === undefined || next < 0x80 || next > 0xbf) return i;
    }
    i += length;
  }
  return -1;
}
