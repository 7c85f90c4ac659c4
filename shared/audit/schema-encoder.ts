/**
 * A zod schema compiled into one function that checks a parsed JSON value AND writes its
 * canonical encoding in the same walk: `encode(value, plain)` is `fastCanonicalJson(value)`
 * when `schema.safeParse(value)` succeeds, and null otherwise. Audit verify runs it on the
 * `data` of every journal line; zod's own parse plus a generic encoder (Object.keys + sort at
 * every object) cost more than the line's SHA-256.
 *
 * It knows a strictObject's keys in advance, so it writes them already sorted, and it
 * re-implements only the schema parts the journal's events use (string, number, boolean,
 * enum, literal, nullable, optional, array, strictObject and their length, range, integer,
 * regex and trim checks), each with zod's own rule (checks.js/schemas.js in zod 4). Any other
 * part, or a check it does not know, is handed to that part's own `safeParse` and the generic
 * encoder — so it can be slower than it could be, never wrong.
 * tests/unit/shared/audit/schema-encoder.test.ts holds it to zod's verdicts on every event
 * type and on thousands of random values.
 *
 * `plain` is the caller's promise that no string in the value needs escaping in JSON (the
 * JSON text it came from has no backslash and no lone surrogate): a string is then written
 * as `"` + itself + `"`, which is what JSON.stringify would write, without calling it.
 */
import { z } from 'zod';
import { fastCanonicalJson } from './fast-canonical';

export type SchemaEncoder = (value: unknown, plain: boolean) => string | null;

type StringTest = (value: string) => boolean;
type AnySchema = z.core.$ZodType;
interface CheckDef {
  readonly check: string;
  readonly when?: unknown;
  readonly value?: unknown;
  readonly inclusive?: boolean;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly format?: string;
  readonly pattern?: RegExp;
  readonly tx?: (value: string) => string;
}

/** zod's default `when` for length checks (run on anything with a length): a check with any other `when` is not ours to judge. */
const DEFAULT_LENGTH_WHEN = (z.string().min(1)._zod.def.checks?.[0]?._zod.def as CheckDef | undefined)?.when;

export function compileSchemaEncoder(schema: AnySchema): SchemaEncoder {
  return compile(schema) ?? delegated(schema);
}

/** The schema's own safeParse, then the generic encoder: the answer for anything not compiled. */
function delegated(schema: AnySchema): SchemaEncoder {
  return (value) => (z.safeParse(schema, value).success ? fastCanonicalJson(value) : null);
}

function checkDefs(schema: AnySchema): readonly CheckDef[] {
  return (schema._zod.def.checks ?? []).map((check) => check._zod.def as CheckDef);
}

/** A compiled encoder, or null where this schema (or one inside it) is not one it knows. */
function compile(schema: AnySchema): SchemaEncoder | null {
  const def = schema._zod.def;
  switch (def.type) {
    case 'string':
      return compileString(schema);
    case 'number':
      return compileNumber(schema);
    case 'boolean':
      return checkDefs(schema).length === 0 ? (value) => (typeof value === 'boolean' ? (value ? 'true' : 'false') : null) : null;
    case 'enum':
    case 'literal': {
      if (checkDefs(schema).length !== 0) return null;
      const values = (schema._zod as { values?: ReadonlySet<unknown> }).values;
      if (values === undefined) return null;
      return (value, plain) => (values.has(value) ? encodeScalar(value, plain) : null);
    }
    case 'nullable': {
      if (checkDefs(schema).length !== 0) return null;
      const inner = compileSchemaEncoder((def as z.core.$ZodNullableDef).innerType);
      return (value, plain) => (value === null ? 'null' : inner(value, plain));
    }
    case 'optional': {
      // Only reached outside an object's shape (an array element): JSON never holds undefined.
      if (checkDefs(schema).length !== 0) return null;
      return compileSchemaEncoder((def as z.core.$ZodOptionalDef).innerType);
    }
    case 'array':
      return compileArray(schema);
    case 'object':
      return compileStrictObject(schema);
    default:
      return null;
  }
}

function compileString(schema: AnySchema): SchemaEncoder | null {
  const def = schema._zod.def as z.core.$ZodStringDef & { format?: string; pattern?: RegExp };
  if (def.coerce === true) return null;
  const steps: StringStep[] = [];
  // A format schema (z.iso.datetime) is its own first check: its pattern.
  if (def.format !== undefined) {
    if (def.format !== 'datetime' || !(def.pattern instanceof RegExp)) return null;
    steps.push({ test: patternCheck(def.pattern) });
  }
  for (const check of checkDefs(schema)) {
    // zod runs the checks after a rewrite (a trim before min(3)) on the rewritten value.
    if (check.check === 'overwrite' && typeof check.tx === 'function') {
      steps.push({ rewrite: check.tx });
      continue;
    }
    const test = stringLengthCheck(check) ?? (check.check === 'string_format' && check.format === 'regex' && check.pattern instanceof RegExp ? patternCheck(check.pattern) : null);
    if (test === null) return null;
    steps.push({ test });
  }
  const tests = steps.every((step) => 'test' in step) ? steps.map((step) => (step as { readonly test: StringTest }).test) : null;
  if (tests !== null) {
    return (value, plain) => {
      if (typeof value !== 'string') return null;
      for (let index = 0; index < tests.length; index++) if (!(tests[index] as StringTest)(value)) return null;
      return plain ? `"${value}"` : JSON.stringify(value);
    };
  }
  return (value, plain) => {
    if (typeof value !== 'string') return null;
    let seen = value;
    for (const step of steps) {
      if ('rewrite' in step) seen = step.rewrite(seen);
      else if (!step.test(seen)) return null;
    }
    // The encoding keeps what was written, not the rewrite.
    return plain ? `"${value}"` : JSON.stringify(value);
  };
}

type StringStep = { readonly rewrite: (value: string) => string } | { readonly test: StringTest };

function compileNumber(schema: AnySchema): SchemaEncoder | null {
  const def = schema._zod.def as z.core.$ZodNumberDef & { format?: string };
  if (def.coerce === true || def.format !== undefined) return null;
  const checks: Array<(value: number) => boolean> = [];
  for (const check of checkDefs(schema)) {
    if ((check.check === 'greater_than' || check.check === 'less_than') && typeof check.value === 'number' && check.when === undefined) {
      const bound = check.value;
      const inclusive = check.inclusive === true;
      if (check.check === 'greater_than') checks.push(inclusive ? (value) => value >= bound : (value) => value > bound);
      else checks.push(inclusive ? (value) => value <= bound : (value) => value < bound);
    } else if (check.check === 'number_format' && check.format === 'safeint' && check.when === undefined) {
      checks.push((value) => Number.isSafeInteger(value));
    } else {
      return null;
    }
  }
  return (value) => {
    // zod's number refuses NaN and ±Infinity; for a finite number String() is what JSON.stringify writes.
    if (typeof value !== 'number' || !Number.isFinite(value)) return null;
    for (let index = 0; index < checks.length; index++) if (!(checks[index] as (value: number) => boolean)(value)) return null;
    return String(value);
  };
}

function compileArray(schema: AnySchema): SchemaEncoder | null {
  const def = schema._zod.def as z.core.$ZodArrayDef;
  const checks: Array<(value: readonly unknown[]) => boolean> = [];
  for (const check of checkDefs(schema)) {
    const compiled = arrayLengthCheck(check);
    if (compiled === null) return null;
    checks.push(compiled);
  }
  const element = compileSchemaEncoder(def.element);
  return (value, plain) => {
    if (!Array.isArray(value)) return null;
    for (const check of checks) if (!check(value)) return null;
    let out = '[';
    for (let index = 0; index < value.length; index++) {
      const item = element(value[index], plain);
      if (item === null) return null;
      out += index === 0 ? item : `,${item}`;
    }
    return `${out}]`;
  };
}

interface Member {
  /** `"key":` */
  readonly head: string;
  readonly key: string;
  readonly encode: SchemaEncoder;
  /** zod lets the key be absent (optional in and out). */
  readonly mayBeAbsent: boolean;
}

function compileStrictObject(schema: AnySchema): SchemaEncoder | null {
  const def = schema._zod.def as z.core.$ZodObjectDef;
  if (def.catchall?._zod.def.type !== 'never' || checkDefs(schema).length !== 0) return null;
  if (Object.getOwnPropertySymbols(def.shape).length !== 0) return null;
  const keys = Object.keys(def.shape);
  // An inherited name would be "present" on every object for zod (`key in input`).
  if (keys.some((key) => key in Object.prototype)) return null;
  const members: Member[] = [];
  for (const key of keys.sort()) {
    const field = def.shape[key] as AnySchema;
    const { optin, optout } = field._zod;
    const mayBeAbsent = optin === 'optional' && optout === 'optional';
    // A default or another half-optional shape: zod's rules for those are not reproduced here.
    if (!mayBeAbsent && (optin !== undefined || optout !== undefined)) return null;
    members.push({ head: `${JSON.stringify(key)}:`, key, encode: compileSchemaEncoder(field), mayBeAbsent });
  }
  return (value, plain) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
    const record = value as Record<string, unknown>;
    let out = '{';
    let present = 0;
    for (let index = 0; index < members.length; index++) {
      const member = members[index] as Member;
      const item = record[member.key];
      if (item === undefined) {
        if (member.mayBeAbsent) continue;
        return null;
      }
      const encoded = member.encode(item, plain);
      if (encoded === null) return null;
      out += present === 0 ? `${member.head}${encoded}` : `,${member.head}${encoded}`;
      present++;
    }
    // Strict: any key beyond the shape's (including an own "__proto__") is refused.
    if (Object.keys(record).length !== present) return null;
    return `${out}}`;
  };
}

/**
 * zod's min_length / max_length on a string. zod 4 measures strings in code points (util's
 * codePointLength); a code point is one or two UTF-16 units, so only the in-between cases
 * need counting.
 */
function stringLengthCheck(check: CheckDef): StringTest | null {
  if (check.when !== DEFAULT_LENGTH_WHEN) return null;
  if (check.check === 'max_length' && typeof check.maximum === 'number') {
    const maximum = check.maximum;
    return (value) => value.length <= maximum || codePoints(value) <= maximum;
  }
  if (check.check === 'min_length' && typeof check.minimum === 'number') {
    const minimum = check.minimum;
    return (value) => value.length >= minimum && (value.length >= minimum * 2 || codePoints(value) >= minimum);
  }
  return null;
}

/** zod's min_length / max_length on an array: its length. */
function arrayLengthCheck(check: CheckDef): ((value: readonly unknown[]) => boolean) | null {
  if (check.when !== DEFAULT_LENGTH_WHEN) return null;
  if (check.check === 'max_length' && typeof check.maximum === 'number') {
    const maximum = check.maximum;
    return (value) => value.length <= maximum;
  }
  if (check.check === 'min_length' && typeof check.minimum === 'number') {
    const minimum = check.minimum;
    return (value) => value.length >= minimum;
  }
  return null;
}

function patternCheck(pattern: RegExp): StringTest {
  return (value) => {
    pattern.lastIndex = 0;
    return pattern.test(value);
  };
}

function codePoints(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

function encodeScalar(value: unknown, plain: boolean): string {
  if (typeof value === 'string') return plain ? `"${value}"` : JSON.stringify(value);
  return fastCanonicalJson(value);
}
