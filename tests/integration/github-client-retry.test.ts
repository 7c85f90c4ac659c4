/**
 * The shared GitHub client's retries against the fake GitHub in an outage: every failed GET
 * waits the same before its retry. The retry plugin writes its retry count into the request's
 * options; when those were the client's shared defaults, the count outlived the request and
 * each later failure waited longer (1, 9, 25, 49 × the base).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGitHubClient } from '../../electron/services/github/github-client';
import { startFakeGitHub, type FakeGitHub } from '../fakes/fake-github';

const TOKEN = 'ghp_retryCount';
let github: FakeGitHub;

beforeAll(async () => {
  github = await startFakeGitHub();
  github.addToken(TOKEN, { login: 'alice', id: 7, name: null });
});
afterAll(() => github.close());

describe('createGitHubClient in an outage', () => {
  it('retries each failed GET once, after the same wait each time', async () => {
    const client = createGitHubClient({ token: TOKEN, baseUrl: github.url, retries: 1, retryBaseMs: 200 });
    github.server.faults.answer({ status: 502, body: { message: 'Server Error' } });
    try {
      const before = github.server.requests.length;
      const waits: number[] = [];
      for (let i = 0; i < 4; i++) {
        const started = Date.now();
        await expect(client.rest.repos.get({ owner: 'welkin', repo: 'web' })).rejects.toMatchObject({ status: 502 });
        waits.push(Date.now() - started);
      }
      expect(github.server.requests.length - before).toBe(8);
      // 4 × 200 ms of waiting; with the count carried over it was 200 + 1,800 + 5,000 + 9,800 ms.
      expect(waits.reduce((sum, wait) => sum + wait, 0)).toBeLessThan(4000);
    } finally {
      await github.server.faults.recover();
    }
  }, 30_000);
});
