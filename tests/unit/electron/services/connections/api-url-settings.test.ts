import { describe, expect, it, vi } from 'vitest';
import { createApiUrlSettings, memoryEndpointStore, type SavedEndpointStore } from '../../../../../electron/services/connections/api-url-settings';
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

  /** Settings over a store, with the effective address read from it as app-services does. */
  const settingsOver = (store: SavedEndpointStore, env: Record<string, string> = {}) => {
    const changed = vi.fn();
    const forgotten: string[] = [];
    const settings = createApiUrlSettings(store, {
      onChange: changed,
      effectiveUrl: (service) => resolveEndpoints(env, store.read()).urls[service],
      forgetToken: async (service) => {
        forgotten.push(service);
        return true;
      },
    });
    return { settings, changed, forgotten };
  };

  it('saves a checked address, resets to the default on "", and tells its owner each time', async () => {
    const store = memoryEndpointStore();
    const { settings, changed } = settingsOver(store);
    await settings.set('github', ' https://ghe.example.com/api/v3 ');
    expect(store.read()).toEqual({ github: 'https://ghe.example.com/api/v3' });
    await settings.set('github', '');
    expect(store.read()).toEqual({});
    expect(changed).toHaveBeenCalledTimes(2);
  });

  it('forgets the token when the address in effect changes, and says to connect again', async () => {
    const store = memoryEndpointStore();
    const { settings, forgotten } = settingsOver(store);
    const change = await settings.set('github', 'https://ghe.example.com/api/v3');
    expect(change.tokenForgotten).toBe(true);
    expect(change.message).toContain("GitHub's address changed: connect again");
    expect(forgotten).toEqual(['github']);
    // The same address again changes nothing: the token stays.
    expect(await settings.set('github', 'https://ghe.example.com/api/v3')).toEqual({ tokenForgotten: false, message: 'GitHub API address saved.' });
    expect(forgotten).toEqual(['github']);
  });

  it('keeps the token when an environment variable decides the address anyway', async () => {
    const store = memoryEndpointStore();
    const { settings, forgotten } = settingsOver(store, { RELEASE_DESK_GITHUB_API_URL: 'http://127.0.0.1:4000' });
    expect((await settings.set('github', 'https://ghe.example.com/api/v3')).tokenForgotten).toBe(false);
    expect(forgotten).toEqual([]);
  });

  it('refuses an address a token must not go to, saying why, without repeating credentials', async () => {
    const store = memoryEndpointStore({ github: 'https://ghe.example.com/api/v3' });
    const { settings, forgotten } = settingsOver(store);
    await expect(settings.set('github', 'http://ghe.example.com')).rejects.toThrow(
      'The GitHub API address must be https:// (plain http only to this machine) (got http://ghe.example.com/).',
    );
    await expect(settings.set('circleci', 'https://me:ccipat_secret@circle.internal')).rejects.toThrow(/^(?!.*ccipat_secret).*must not contain a user name or password/);
    expect(store.read()).toEqual({ github: 'https://ghe.example.com/api/v3' });
    expect(forgotten).toEqual([]);
  });
});
