import { describe, expect, it } from 'vitest';
import { redactSecrets } from '../../../../../electron/services/vault/redact';

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
