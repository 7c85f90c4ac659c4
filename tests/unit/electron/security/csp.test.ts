import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../../../electron/security/csp';

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((parts) => parts[0] !== '')
      .map(([name, ...values]) => [name as string, values]),
  );
}

describe('Content-Security-Policy', () => {
  const policy = directives(CONTENT_SECURITY_POLICY);

  it('allows no inline or eval script and no plugins', () => {
    const scripts = policy.get('script-src') ?? policy.get('default-src') ?? [];
    expect(scripts).toEqual(["'self'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|unsafe-hashes|\*/);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'none'"]);
    expect(policy.get('default-src')).toEqual(["'none'"]);
  });

  it('is the same policy the page declares for itself (minus header-only directives)', async () => {
    const html = await readFile(path.resolve(import.meta.dirname, '../../../../renderer/index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBeDefined();
    const headerOnly = new Set(['frame-ancestors']);
    const fromHeader = [...policy].filter(([name]) => !headerOnly.has(name));
    expect([...directives(meta ?? '')]).toEqual(fromHeader);
  });
});
