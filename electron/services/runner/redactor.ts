/**
 * Streaming redaction: replaces every occurrence of a secret with `***`, also when the
 * secret arrives split across two (or more) chunks. It holds back only the unfinished tail
 * that could still be the start of a secret, so complete lines are never delayed when no
 * secret contains a line break.
 */
export const REDACTED = '***';

export interface StreamRedactor {
  /** Redacts what can be decided now and returns it; keeps a possible secret prefix back. */
  push(text: string): string;
  /** Redacts and returns everything held back (end of stream). */
  flush(): string;
}

export function createStreamRedactor(secrets: readonly string[]): StreamRedactor {
  const needles = [...new Set(secrets.filter((secret) => secret.length > 0))].sort((a, b) => b.length - a.length);
  const longest = needles[0]?.length ?? 0;
  const linesAreSafe = needles.every((needle) => !needle.includes('\n'));
  let pending = '';

  const drain = (final: boolean): string => {
    const text = pending;
    if (needles.length === 0) {
      pending = '';
      return text;
    }
    let safeEnd = final ? text.length : Math.max(0, text.length - (longest - 1));
    if (!final && linesAreSafe) safeEnd = Math.max(safeEnd, text.lastIndexOf('\n') + 1);
    let out = '';
    let at = 0;
    for (;;) {
      const match = nextMatch(text, at, needles);
      if (match === null || match.index >= safeEnd) {
        const end = Math.max(at, safeEnd);
        out += text.slice(at, end);
        pending = text.slice(end);
        return out;
      }
      out += text.slice(at, match.index) + REDACTED;
      at = match.index + match.length;
    }
  };

  return {
    push(text) {
      pending += text;
      return drain(false);
    },
    flush() {
      return drain(true);
    },
  };
}

/** Redacts a complete string at once (command lines, messages). */
export function redactText(text: string, secrets: readonly string[]): string {
  const redactor = createStreamRedactor(secrets);
  return redactor.push(text) + redactor.flush();
}

/** The earliest occurrence of any needle from `from`; the longest wins at the same index. */
function nextMatch(text: string, from: number, needles: readonly string[]): { index: number; length: number } | null {
  let best: { index: number; length: number } | null = null;
  for (const needle of needles) {
    const index = text.indexOf(needle, from);
    if (index === -1) continue;
    if (best === null || index < best.index) best = { index, length: needle.length };
  }
  return best;
}
