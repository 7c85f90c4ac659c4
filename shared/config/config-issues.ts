/**
 * Validates parsed release-desk.yml data and turns zod's issues into ConfigProblems: one per
 * wrong key, with its line, the offending value, and for an unknown key the known key it
 * was probably meant to be.
 */
import type { z } from 'zod';
import {
  closestKey,
  formatKeyPath,
  renderConfigValue,
  type ConfigProblem,
} from './config-problem';
import { WorkspaceConfigSchema, type ParsedWorkspaceConfig } from './workspace-config';

export type ConfigValidation =
  | { readonly ok: true; readonly config: ParsedWorkspaceConfig }
  | { readonly ok: false; readonly problems: readonly ConfigProblem[] };

/** `lineOf` maps a key path to its line in the file (the loader knows the document). */
export function validateWorkspaceConfig(
  data: unknown,
  lineOf: (path: readonly PropertyKey[]) => number,
): ConfigValidation {
  const parsed = WorkspaceConfigSchema.safeParse(data, { error: defaultMessage });
  if (parsed.success) return { ok: true, config: parsed.data };
  const problems = parsed.error.issues.flatMap((issue) => problemsOf(issue, data, lineOf));
  // "ci.provder: unknown key (did you mean provider?)" already says why ci.provider is
  // missing; a second line saying so would only suggest two edits where one is needed.
  const explained = new Set(problems.flatMap((problem) => (problem.suggestedPath === undefined ? [] : [problem.suggestedPath])));
  const kept = problems
    .filter((problem) => !(explained.has(problem.path) && problem.got === undefined))
    .map(({ suggestedPath: _suggested, ...problem }) => problem);
  return { ok: false, problems: sortProblems(kept) };
}

export function sortProblems(problems: readonly ConfigProblem[]): ConfigProblem[] {
  const seen = new Set<string>();
  return [...problems]
    .sort((a, b) => a.line - b.line || a.path.localeCompare(b.path))
    .filter((problem) => {
      // One line per key: a value that breaks two rules is fixed by one edit.
      const key = `${problem.line}\u0000${problem.path}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

interface FoundProblem extends ConfigProblem {
  /** For an unknown key: the known key it was probably meant to be. */
  readonly suggestedPath?: string;
}

function problemsOf(
  issue: z.core.$ZodIssue,
  data: unknown,
  lineOf: (path: readonly PropertyKey[]) => number,
): FoundProblem[] {
  const path = issue.path;
  if (issue.code === 'unrecognized_keys') {
    // Known keys the mapping does not have yet: the ones an unknown key may be a typo of.
    const here = valueAt(data, path);
    const candidates = knownKeysAt(path).filter((k) => !hasKey(here, k));
    return issue.keys.map((key): FoundProblem => {
      const suggestion = closestKey(key, candidates);
      const base = { line: lineOf([...path, key]), path: formatKeyPath([...path, key]) };
      return suggestion === null
        ? { ...base, message: 'unknown key' }
        : { ...base, message: `unknown key (did you mean ${suggestion}?)`, suggestedPath: formatKeyPath([...path, suggestion]) };
    });
  }
  if (issue.code === 'invalid_key') {
    const reason = issue.issues[0]?.message ?? 'is not a valid name';
    return [{ line: lineOf(path), path: formatKeyPath(path), message: `invalid name: ${reason}` }];
  }
  const present = isPresent(data, path);
  return [
    {
      line: lineOf(path),
      path: formatKeyPath(path),
      message: present ? issue.message : requiredMessage(issue.message),
      ...(present ? { got: renderConfigValue(valueAt(data, path)) } : {}),
    },
  ];
}

/** A missing key always reads "is required", whatever rule noticed it. */
function requiredMessage(message: string): string {
  return message.startsWith('is required') ? message : 'is required';
}

/** Wording for zod's own checks; the schema's custom messages take precedence over these. */
function defaultMessage(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'is required';
      return `must be ${describeType(issue.expected)}`;
    case 'too_small':
      if (issue.origin === 'string') return 'must not be empty';
      if (issue.origin === 'array') return Number(issue.minimum) <= 1 ? 'must not be an empty list' : `must list at least ${issue.minimum} items`;
      return issue.inclusive ? `must be at least ${issue.minimum}` : `must be greater than ${issue.minimum}`;
    case 'too_big':
      if (issue.origin === 'string') return `must be at most ${issue.maximum} characters`;
      if (issue.origin === 'array') return `must list at most ${issue.maximum} items`;
      return issue.inclusive ? `must be at most ${issue.maximum}` : `must be less than ${issue.maximum}`;
    case 'invalid_value':
      return issue.values.length === 1
        ? `must be ${renderConfigValue(issue.values[0])}`
        : `must be one of ${issue.values.map(String).join(', ')}`;
    case 'invalid_format':
      return issue.format === 'url' ? 'must be a URL' : 'has the wrong format';
    case 'invalid_union':
      return 'has the wrong form';
    default:
      return undefined;
  }
}

function describeType(expected: string): string {
  switch (expected) {
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'int':
      return 'a whole number';
    case 'boolean':
      return 'true or false';
    case 'object':
    case 'record':
      return 'a mapping of keys to values';
    case 'array':
      return 'a list';
    default:
      return `a ${expected}`;
  }
}

function isPresent(data: unknown, path: readonly PropertyKey[]): boolean {
  let current: unknown = data;
  for (const segment of path) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, segment)) return false;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current !== undefined;
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = data;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}

function hasKey(value: unknown, key: string): boolean {
  return value !== null && typeof value === 'object' && Object.hasOwn(value, key);
}

interface SchemaDef {
  readonly type: string;
  readonly innerType?: z.core.$ZodType;
  readonly shape?: Readonly<Record<string, z.core.$ZodType>>;
  readonly valueType?: z.core.$ZodType;
  readonly element?: z.core.$ZodType;
  readonly in?: z.core.$ZodType;
}

/** The keys the schema allows for the object at `path` (for "did you mean …?"). */
function knownKeysAt(path: readonly PropertyKey[]): string[] {
  let schema: z.core.$ZodType | undefined = WorkspaceConfigSchema;
  const unwrap = (s: z.core.$ZodType | undefined): z.core.$ZodType | undefined => {
    let current = s;
    for (;;) {
      const def = current?._zod.def as SchemaDef | undefined;
      if (def?.innerType !== undefined) current = def.innerType;
      else if (def?.type === 'pipe' && def.in !== undefined) current = def.in;
      else return current;
    }
  };
  for (const segment of path) {
    const def = unwrap(schema)?._zod.def as SchemaDef | undefined;
    if (def?.shape !== undefined) schema = def.shape[String(segment)];
    else if (def?.valueType !== undefined) schema = def.valueType;
    else if (def?.element !== undefined) schema = def.element;
    else return [];
  }
  const shape = (unwrap(schema)?._zod.def as SchemaDef | undefined)?.shape;
  return shape === undefined ? [] : Object.keys(shape);
}
