/**
 * release-desk.yml as a YAML document that remembers where everything is, so each problem
 * can name its line. Syntax errors and duplicate keys are found here; what the values mean
 * is the schema's business.
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import type { ConfigProblem } from '../../../shared/config/config-problem';
import { formatKeyPath } from '../../../shared/config/config-problem';

export interface YamlSource {
  /** The document as plain data (for duplicate keys, the last value wins). */
  readonly data: unknown;
  /** Syntax errors (then `data` is not to be trusted) and duplicate keys. */
  readonly syntaxProblems: readonly ConfigProblem[];
  readonly duplicateKeyProblems: readonly ConfigProblem[];
  /** The line of the key (or list item) at `path`, else of its nearest existing ancestor. */
  readonly lineOf: (path: readonly PropertyKey[]) => number;
}

const SYNTAX = 'YAML syntax';

export function readYamlSource(text: string): YamlSource {
  const lineCounter = new LineCounter();
  // uniqueKeys off: duplicates are reported below with their key path, not as a bare error.
  const doc = parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: false, strict: true });
  const lineAt = (offset: number): number => lineCounter.linePos(offset).line;

  const keyIndex: KeyIndex = new WeakMap();
  const syntaxProblems = doc.errors.map(
    (error): ConfigProblem => ({ line: lineAt(error.pos[0]), path: SYNTAX, message: firstLine(error.message) }),
  );
  const duplicateKeyProblems: ConfigProblem[] = [];
  if (syntaxProblems.length === 0) findDuplicateKeys(doc, doc.contents, [], lineAt, duplicateKeyProblems);

  let data: unknown = null;
  if (syntaxProblems.length === 0) {
    try {
      data = doc.toJS({ maxAliasCount: 100 });
    } catch (error) {
      syntaxProblems.push({ line: 1, path: SYNTAX, message: firstLine(error instanceof Error ? error.message : String(error)) });
    }
  }

  return {
    data,
    syntaxProblems,
    duplicateKeyProblems,
    lineOf: (path) => locate(doc, path, lineAt, keyIndex),
  };
}

type KeyIndex = WeakMap<YAMLMap, ReadonlyMap<string, Pair>>;

/**
 * Each map's pairs by key, built once per map on first lookup: a file with 20,000 unknown
 * keys asks for 20,000 lines, and scanning the map for each made reporting quadratic.
 */
function pairOf(index: KeyIndex, map: YAMLMap, key: string): Pair | undefined {
  let byKey = index.get(map);
  if (byKey === undefined) {
    const built = new Map<string, Pair>();
    // Later pairs overwrite earlier ones: for a duplicate key the last value wins, as in `data`.
    for (const item of map.items) built.set(keyText(item.key), item);
    byKey = built;
    index.set(map, byKey);
  }
  return byKey.get(key);
}

function locate(doc: Document, path: readonly PropertyKey[], lineAt: (offset: number) => number, index: KeyIndex): number {
  let node = resolve(doc, doc.contents);
  let line = node?.range ? lineAt(node.range[0]) : 1;
  // A missing top-level key is reported on line 1, not where the first key happens to be.
  if (path.length > 0) line = 1;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = pairOf(index, node, String(segment));
      if (pair === undefined) break;
      const keyNode = pair.key as Node | null;
      if (keyNode?.range) line = lineAt(keyNode.range[0]);
      node = resolve(doc, pair.value as Node | null);
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = resolve(doc, node.items[segment] as Node | null | undefined);
      if (item?.range) line = lineAt(item.range[0]);
      else break;
      node = item;
    } else {
      break;
    }
  }
  return line;
}

function findDuplicateKeys(
  doc: Document,
  node: unknown,
  path: readonly string[],
  lineAt: (offset: number) => number,
  out: ConfigProblem[],
): void {
  if (isMap(node)) {
    const firstLineOf = new Map<string, number>();
    for (const pair of node.items) {
      const key = keyText(pair.key);
      const keyNode = pair.key as Node | null;
      const line = keyNode?.range ? lineAt(keyNode.range[0]) : 1;
      const first = firstLineOf.get(key);
      if (first === undefined) firstLineOf.set(key, line);
      else out.push({ line, path: formatKeyPath([...path, key]), message: `duplicate key (first on line ${first})` });
      findDuplicateKeys(doc, pair.value, [...path, key], lineAt, out);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, index) => findDuplicateKeys(doc, item, [...path, String(index)], lineAt, out));
  }
}

function resolve(doc: Document, node: Node | null | undefined): Node | null {
  if (node === null || node === undefined) return null;
  if (isAlias(node)) return (node.resolve(doc) as Node | undefined) ?? null;
  return node;
}

function keyText(key: unknown): string {
  if (isScalar(key)) return String(key.value);
  return String(key);
}

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '').trim();
}
