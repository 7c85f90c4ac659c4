import { describe, expect, it, vi } from 'vitest';
import { createApiUrlSettings, memoryEndpointStore } from '../../../../../electron/services/connections/api-url-settings';
import { checkServiceUrl, DEFAULT_ENDPOINTS, resolveEndpoints } from '../../../../../electron/services/connections/endpoints';

describe('service API addresses', () => {
  it('environment beats Settings, Settings beats the default', () => {
    const resolved = resolveEndpoints(
      { RELEASE_DESK_CIRCLECI_URL: 'http://127.0.0.1:9000' },
      { github: 'https://ghe.example.com/api/v3', circleci: 'https://circle.internal' },
    );
    expect(resolved.urls).toEqual({ github: 'https://ghe.example.com/api/v3', circleci: 'http://127.0.0.1:9000', slack: DEFAULT_ENDPOINTS.slack });
    expect(resolved.sources).toEqual({ github: 'settings', circleci: 'environment', slack: 'default' });
  });

  it.each([
    ['https://ghe.example.com/api/v3', true],
    ['http://127.0.0.1:8080', true],
    ['http://localhost:3000/api', true],
    ['http://ghe.example.com/api/v3', false],
    ['ftp://ghe.example.com', false],
    ['https://user:ghp_secret@ghe.example.com', false],
    ['https://ghe.example.com/?token=x', false],
    ['not a url', false],
  ])('%s is acceptable: %s', (url, acceptable) => {
    expect(checkServiceUrl(url).ok).toBe(acceptable);
  });

  it('saves a checked address, resets to the default on "", and tells its owner each time', () => {
    const store = memoryEndpointStore();
    const changed = vi.fn();
    const settings = createApiUrlSettings(store, changed);
    settings.set('github', ' https://ghe.example.com/api/v3 ');
    expect(store.read()).toEqual({ github: 'https://ghe.example.com/api/v3' });
    settings.set('github', '');
    expect(store.read()).toEqual({});
    expect(changed).toHaveBeenCalledTimes(2);
  });

  it('refuses an address a token must not go to, saying why, without repeating credentials', () => {
    const store = memoryEndpointStore({ github: 'https://ghe.example.com/api/v3' });
    const settings = createApiUrlSettings(store, vi.fn());
    expect(() => settings.set('github', 'http://ghe.example.com')).toThrow(
      'The GitHub API address must be https:// (plain http only to this machine) (got http://ghe.example.com/).',
    );
    expect(() => settings.set('circleci', 'https://me:ccipat_secret@circle.internal')).toThrow(/^(?!.*ccipat_secret).*must not contain a user name or password/);
    expect(store.read()).toEqual({ github: 'https://ghe.example.com/api/v3' });
  });
});
