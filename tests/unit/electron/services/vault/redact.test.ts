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

describe('redactedJson on live output, lines joined by "\\n" in one string per chunk', () => {
  const TOKEN = 'ghp_abc123';
  const output = (...lines: string[]) => ({ type: 'event', name: 'releases.output', payload: { releaseId: 'r1', step: 'stage1', attempt: 1, chunks: [{ at: '2026-11-29T10:00:00.000Z', stream: 'stdout', text: lines.join('\n') }] } });
  const linesSent = (json: string) => (JSON.parse(json) as ReturnType<typeof output>).payload.chunks[0]?.text.split('\n');

  it('redacts every line, first, middle and last, and keeps the lines apart', () => {
    const json = redactedJson(output(`${TOKEN} first`, 'clean', `middle ${TOKEN}${TOKEN}`, '', `last ${TOKEN}`), [TOKEN]);
    expect(json).not.toContain(TOKEN);
    expect(linesSent(json)).toEqual(['*** first', 'clean', 'middle ******', '', 'last ***']);
  });

  it('gives each line what redacting it alone gives, whatever the secrets', () => {
    const lines = ['a ghp_abc123 b', 'ghp_abc', '123 tail', 'x"y\\z', 'plain', 'ab\rcd', '\u0007bell'];
    const secrets = [TOKEN, 'x"y', 'cd', 'ab'];
    expect(linesSent(redactedJson(output(...lines), secrets))).toEqual(lines.map((line) => redactSecrets(line, secrets)));
  });

  it('a secret with a newline is redacted across the join, never shown in halves on two lines', () => {
    const pem = '-----BEGIN KEY-----\nMIIEsecretbody\n-----END KEY-----';
    const json = redactedJson(output('key follows', ...pem.split('\n'), 'done'), [pem]);
    expect(json).not.toContain('MIIEsecretbody');
    expect(linesSent(json)).toEqual(['key follows', '***', 'done']);
  });

  it('a secret with a newline next to a one-line secret leaves no piece of either', () => {
    // The first match winning would take "a\nb" and leave "cd" of the secret "bcd" showing.
    const json = redactedJson(output('xa', 'bcd y'), ['a\nb', 'bcd']);
    expect(linesSent(json)).toEqual(['x*** y']);
    expect(redactDeep({ text: 'xa\nbcd y\nbcd' }, ['a\nb', 'bcd'])).toEqual({ text: 'x*** y\n***' });
    expect(redactDeep({ text: 'a\nb' }, ['a\nb'])).toEqual({ text: '***' });
  });

  it('halves of a one-line secret on two printed lines stay two harmless lines (the join is a real line end)', () => {
    const json = redactedJson(output('ghp_ab', 'c123'), [TOKEN]);
    expect(linesSent(json)).toEqual(['ghp_ab', 'c123']);
  });
});
