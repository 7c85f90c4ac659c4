/**
 * One thing wrong with release-desk.yml, and the one line that reports it everywhere (the
 * CLI, Settings, the app's workspace gate):
 *
 *   release-desk.yml:LINE: key.path: what is wrong (got VALUE)
 */
export const CONFIG_FILE_NAME = 'release-desk.yml';

export interface ConfigProblem {
  /** 1-based line in the file. */
  readonly line: number;
  /** Dotted key path (list items by index: `environments.production.health.0.url`); empty for the file itself. */
  readonly path: string;
  /** Finishes the sentence "key.path: …". */
  readonly message: string;
  /** The offending value, rendered short; absent when the key is missing. */
  readonly got?: string;
}

export function formatConfigProblem(problem: ConfigProblem): string {
  const got = problem.got === undefined ? '' : ` (got ${problem.got})`;
  // A problem with the file itself (its encoding) has no key path.
  const where = problem.path === '' ? '' : `${problem.path}: `;
  return `${CONFIG_FILE_NAME}:${problem.line}: ${where}${problem.message}${got}`;
}

/** The report's lines: each problem, then "and 199,950 more problems" when some were left out. */
export function formatConfigProblems(problems: readonly ConfigProblem[], moreProblems = 0): string[] {
  const lines = problems.map(formatConfigProblem);
  if (moreProblems > 0) lines.push(`and ${moreProblems.toLocaleString('en-US')} more problem${moreProblems === 1 ? '' : 's'}`);
  return lines;
}

/** Path segments to the dotted form used in messages; the document root is "(top level)". */
export function formatKeyPath(path: readonly PropertyKey[]): string {
  return path.length === 0 ? '(top level)' : path.map(String).join('.');
}

const MAX_VALUE_CHARS = 60;

/** A value as it would read in JSON, cut to about 60 characters. */
export function renderConfigValue(value: unknown): string {
  let text: string;
  if (value === undefined) text = 'nothing';
  else if (typeof value === 'bigint') text = value.toString();
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS - 1)}…` : text;
}

/** The known key closest to a mistyped one, if any is close enough to be the intended one. */
export function closestKey(typed: string, known: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  const tolerance = Math.max(1, Math.floor(typed.length / 3));
  const lowered = typed.toLowerCase();
  for (const candidate of known) {
    // The distance is at least the difference in length: a key far longer or shorter than
    // every known one (a 100,000-character line) is never compared letter by letter.
    if (Math.abs(candidate.length - typed.length) > tolerance) continue;
    const distance = editDistance(lowered, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best !== null && bestDistance <= tolerance ? best : null;
}

/** Levenshtein distance with adjacent transpositions (optimal string alignment). */
export function editDistance(a: string, b: string): number {
  const cols = b.length + 1;
  // Three rows are all the recurrence reads (this one, the one above, the one above that):
  // it runs once per unknown key and known key, so it allocates little.
  let twoUp = new Int32Array(cols);
  let up = Int32Array.from({ length: cols }, (_, j) => j);
  let row = new Int32Array(cols);
  for (let i = 1; i <= a.length; i += 1) {
    row[0] = i;
    for (let j = 1; j < cols; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min((up[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (up[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, (twoUp[j - 2] ?? 0) + 1);
      }
      row[j] = value;
    }
    [twoUp, up, row] = [up, row, twoUp];
  }
  return up[b.length] ?? 0;
}
