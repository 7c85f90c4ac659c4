import { describe, expect, it } from 'vitest';
import { createEnvTokenSource } from '../../../../../electron/services/vault/token-source';

describe('createEnvTokenSource (the CLI)', () => {
  it('takes GITHUB_TOKEN, CIRCLECI_TOKEN and SLACK_TOKEN, trimmed; empty means none', async () => {
    const source = createEnvTokenSource({ GITHUB_TOKEN: ' ghp_env \n', CIRCLECI_TOKEN: '', SLACK_TOKEN: 'xoxb-env' });
    expect(await source.getToken('github')).toBe('ghp_env');
    expect(await source.getToken('circleci')).toBeNull();
    expect(await source.getToken('slack')).toBe('xoxb-env');
    expect(source.knownSecrets()).toEqual(['ghp_env', 'xoxb-env']);
  });
});
