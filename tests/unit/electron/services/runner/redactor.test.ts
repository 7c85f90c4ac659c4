import { describe, expect, it } from 'vitest';
import { createStreamRedactor, redactText } from '../../../../../electron/services/runner/redactor';
import { createOutputTail } from '../../../../../electron/services/runner/output-tail';

const SECRET = 'ghp_s3cr3tT0ken';

function feed(chunks: readonly string[], secrets: readonly string[]): string {
  const redactor = createStreamRedactor(secrets);
  return chunks.map((chunk) => redactor.push(chunk)).join('') + redactor.flush();
}

describe('createStreamRedactor', () => {
  it('redacts a secret split at every possible point between two chunks', () => {
    const text = `token=${SECRET} and again ${SECRET}\n`;
    for (let cut = 0; cut <= text.length; cut += 1) {
      const out = feed([text.slice(0, cut), text.slice(cut)], [SECRET]);
      expect(out, `cut at ${cut}`).toBe('token=*** and again ***\n');
    }
  });

  it('redacts a secret delivered one character per chunk', () => {
    expect(feed([...`a${SECRET}b`], [SECRET])).toBe('a***b');
  });

  it('prefers the longer of two overlapping secrets and ignores empty ones', () => {
    expect(feed(['abc-long', '-tail abc'], ['abc', 'abc-long-tail', ''])).toBe('*** ***');
  });

  it('releases complete lines at once, holding back only an unfinished tail', () => {
    const redactor = createStreamRedactor([SECRET]);
    expect(redactor.push('done\nghp_s3')).toBe('done\n');
    expect(redactor.push('cr3tT0ken!\n')).toBe('***!\n');
    expect(redactor.flush()).toBe('');
  });

  it('passes text through untouched when there are no secrets', () => {
    expect(feed(['a', 'b\n'], [])).toBe('ab\n');
    expect(redactText('x ghp_s3cr3tT0ken y', [SECRET])).toBe('x *** y');
  });
});

describe('createOutputTail', () => {
  it('keeps only the last characters and says it dropped some', () => {
    const tail = createOutputTail(10);
    for (let i = 0; i < 100; i += 1) tail.append(`${i % 10}`);
    expect(tail.read()).toEqual({ text: '0123456789', truncated: true });
    const small = createOutputTail(10);
    small.append('abc');
    expect(small.read()).toEqual({ text: 'abc', truncated: false });
  });
});
