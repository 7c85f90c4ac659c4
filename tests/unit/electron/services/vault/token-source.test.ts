import { describe, expect, it } from 'vitest';
import { DEFAULT_ENDPOINTS } from '../../../../../electron/services/connections/endpoints';
import { createEnvTokenSource } from '../../../../../electron/services/vault/token-source';

describe('createEnvTokenSource (the CLI)', () => {
  it('takes GITHUB_TOKEN, CIRCLECI_TOKEN and SLACK_TOKEN, trimmed; empty means none', async () => {
    const source = createEnvTokenSource({ GITHUB_TOKEN: ' ghp_env \n', CIRCLECI_TOKEN: '', SLACK_TOKEN: 'xoxb-env' });
    expect(await source.getToken('github', DEFAULT_ENDPOINTS.github)).toBe('ghp_env');
    expect(await source.getToken('circleci', DEFAULT_ENDPOINTS.circleci)).toBeNull();
    expect(await source.getToken('slack', DEFAULT_ENDPOINTS.slack)).toBe('xoxb-env');
    expect(source.knownSecrets()).toEqual(['ghp_env', 'xoxb-env']);
  });

  it('hands a token out only for its service address as the environment sets it', async () => {
    const source = createEnvTokenSource({ GITHUB_TOKEN: 'ghp_env', RELEASE_DESK_GITHUB_API_URL: 'http://127.0.0.1:4000' });
    expect(await source.getToken('github', 'http://127.0.0.1:4000/graphql')).toBe('ghp_env');
    expect(await source.getToken('github', DEFAULT_ENDPOINTS.github)).toBeNull();
    expect(await source.getToken('github', 'http://127.0.0.1:4001')).toBeNull();
  });
});
