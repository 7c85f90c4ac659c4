/**
 * A small checker of JSON values against @octokit/openapi's schemas (Ajv is not
 * installed): types, nullability, required properties, enums, arrays, $ref, allOf/anyOf/
 * oneOf. Enough to prove the fake GitHub answers in GitHub's documented shapes.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

type Schema = Record<string, unknown>;
interface Spec {
  readonly paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: Schema }> }> }>>;
  readonly components: { readonly schemas: Record<string, Schema> };
}

let spec: Spec | undefined;
function loadSpec(): Spec {
  const require = createRequire(import.meta.url);
  spec ??= JSON.parse(readFileSync(require.resolve('@octokit/openapi/generated/api.github.com.json'), 'utf8')) as Spec;
  return spec;
}

export function responseSchema(path: string, method: string, status = '200'): Schema {
  const schema = loadSpec().paths[path]?.[method]?.responses[status]?.content?.['application/json']?.schema;
  if (schema === undefined) throw new Error(`no ${status} JSON schema for ${method} ${path}`);
  return schema;
}

/** Problems found, as `path: message` lines; empty when the value fits. */
export function checkAgainst(schema: Schema, value: unknown, at = '$'): string[] {
  if (typeof schema.$ref === 'string') {
    const name = schema.$ref.replace('#/components/schemas/', '');
    const target = loadSpec().components.schemas[name];
    if (target === undefined) return [`${at}: unknown $ref ${schema.$ref}`];
    return checkAgainst(target, value, at);
  }
  if (value === null) return schema.nullable === true || (Array.isArray(schema.type) && schema.type.includes('null')) || schema.type === 'null' ? [] : schema.anyOf || schema.oneOf ? anyOf(schema, value, at) : [`${at}: null not allowed`];
  if (Array.isArray(schema.allOf)) return (schema.allOf as Schema[]).flatMap((part) => checkAgainst(part, value, at));
  if (Array.isArray(schema.anyOf) || Array.isArray(schema.oneOf)) return anyOf(schema, value, at);
  const problems: string[] = [];
  const types = Array.isArray(schema.type) ? (schema.type as string[]) : typeof schema.type === 'string' ? [schema.type] : [];
  if (types.length > 0 && !types.some((type) => fits(type, value))) return [`${at}: expected ${types.join('|')}, got ${JSON.stringify(value)?.slice(0, 60)}`];
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) problems.push(`${at}: ${JSON.stringify(value)} not in ${JSON.stringify(schema.enum)}`);
  if (Array.isArray(value) && schema.items !== undefined) value.forEach((item, i) => problems.push(...checkAgainst(schema.items as Schema, item, `${at}[${i}]`)));
  if (typeof value === 'object' && !Array.isArray(value)) {
    const object = value as Record<string, unknown>;
    for (const key of (schema.required as string[] | undefined) ?? []) if (!(key in object)) problems.push(`${at}.${key}: required`);
    const properties = (schema.properties as Record<string, Schema> | undefined) ?? {};
    for (const [key, child] of Object.entries(object)) if (properties[key] !== undefined) problems.push(...checkAgainst(properties[key], child, `${at}.${key}`));
  }
  return problems;
}

function anyOf(schema: Schema, value: unknown, at: string): string[] {
  const options = ((schema.anyOf ?? schema.oneOf) as Schema[]).map((option) => checkAgainst(option, value, at));
  return options.some((problems) => problems.length === 0) ? [] : [`${at}: matches none of the alternatives (${options.map((p) => p[0]).join(' / ')})`];
}

function fits(type: string, value: unknown): boolean {
  switch (type) {
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number';
    case 'array':
      return Array.isArray(value);
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    case 'null':
      return value === null;
    default:
      return typeof value === type;
  }
}
