import { describe, expect, it } from 'vitest';
import { redactDeep, redactedJson, redactSecrets } from '../../../../../electron/services/vault/redact';

describe('redactSecrets', () => {
  it('replaces every occurrence of every known token, longest first', () => {
    const text = 'curl -H "Authorization: token ghp_abc123" x; again ghp_abc123; slack xoxb-1-2';
    expect(redactSecrets(text, ['ghp_abc123', 'xoxb-1-2', 'ghp_abc'])).toBe(
      'curl -H "Authorization: token ***" x; again ***; slack ***',
    );
  });

  it('leaves text alone when there are no secrets, and ignores empty ones', () => {
    expect(redactSecrets('nothing to hide', [])).toBe('nothing to hide');
    expect(redactSecrets('nothing to hide', [''])).toBe('nothing to hide');
  });
});

describe('redactDeep', () => {
  it('redacts every string of an event, keys and nested values, and copies only what it walks', () => {
    const event = { releaseId: 'r1', lines: [{ at: 't', text: 'token ghp_abc123 here' }, { at: 't', text: 'clean' }], ['ghp_abc123']: 1, nested: { deep: ['xoxb-1-2'] }, count: 3 };
    expect(redactDeep(event, ['', 'ghp_abc123', 'xoxb-1-2'])).toEqual({
      releaseId: 'r1',
      lines: [{ at: 't', text: 'token *** here' }, { at: 't', text: 'clean' }],
      ['***']: 1,
      nested: { deep: ['***'] },
      count: 3,
    });
    expect(event.lines[0]?.text).toBe('token ghp_abc123 here');
    expect(redactDeep(event, [''])).toBe(event);
    // Nothing to redact: the same data back, no copy.
    const clean = { releaseId: 'r1', lines: [{ at: 't', text: 'clean' }] };
    expect(redactDeep(clean, ['ghp_abc123'])).toBe(clean);
    // A secret only in a key, or deep in a list, is still found.
    expect(redactDeep({ a: [{ b: ['x', 'y ghp_abc123'] }] }, ['ghp_abc123'])).toEqual({ a: [{ b: ['x', 'y ***'] }] });
  });
});

describe('redactedJson', () => {
  const event = { name: 'releases.output', payload: { lines: [{ text: 'token ghp_abc123 here' }, { text: 'clean' }], ['ghp_abc123']: true } };

  it('is the JSON of the redacted data, keys included', () => {
    expect(JSON.parse(redactedJson(event, ['ghp_abc123']))).toEqual(redactDeep(event, ['ghp_abc123']));
    expect(redactedJson(event, ['ghp_abc123'])).not.toContain('ghp_abc123');
    expect(redactedJson({ clean: ['a', 'b'] }, ['ghp_abc123', ''])).toBe('{"clean":["a","b"]}');
  });

  it('finds a secret that JSON escapes (a quote, a backslash, a newline) in the data itself', () => {
    for (const secret of ['pa"ss', 'pa\\ss', 'pa\nss']) {
      const json = redactedJson({ text: `before ${secret} after` }, [secret]);
      expect(JSON.parse(json)).toEqual({ text: 'before *** after' });
    }
  });
});
