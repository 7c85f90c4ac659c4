import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeHealth, versionIn } from '../../../../../electron/services/health/probe-health';
import { startFakeHttpServer, type FakeHttpServer } from '../../../../fakes/fake-http-server';

let server: FakeHttpServer;

beforeAll(async () => {
  server = await startFakeHttpServer();
  server.route((request) => {
    switch (request.path) {
      case '/ok':
        return { status: 200, body: { status: 'ok', build: { commit: 'abc123' } } };
      case '/broken':
        return { status: 500, body: { status: 'error', build: { commit: 'def456' } } };
      case '/plain':
        return { status: 200, body: 'all good' };
      default:
        return undefined;
    }
  });
});

afterAll(async () => {
  await server.close();
});

const probe = (url: string, extra: object = {}) => ({ name: 'web', url, expectStatus: 200, timeoutSeconds: 2, ...extra });

describe('probeHealth', () => {
  it('reads status, latency and the version at a dot path', async () => {
    const reading = await probeHealth(probe(`${server.url}/ok`, { versionField: 'build.commit', expectBody: '"status":"ok"' }));
    expect(reading).toMatchObject({ name: 'web', ok: true, status: 200, version: 'abc123' });
    expect(reading.latencyMs).toBeGreaterThanOrEqual(0);
    expect(reading.problem).toBeUndefined();
  });

  it('is not ok on an unexpected status or a missing body text, and still reports the version', async () => {
    expect(await probeHealth(probe(`${server.url}/broken`, { versionField: 'build.commit' }))).toMatchObject({
      ok: false,
      status: 500,
      version: 'def456',
      problem: 'HTTP 500, expected 200',
    });
    expect(await probeHealth(probe(`${server.url}/plain`, { expectBody: 'ok"', versionField: 'version' }))).toMatchObject({
      ok: false,
      status: 200,
      version: null,
      problem: 'body does not contain ok"',
    });
  });

  it('reports an unreachable service and one that answers too slowly', async () => {
    const down = await startFakeHttpServer();
    const downUrl = down.url;
    await down.close();
    expect(await probeHealth(probe(`${downUrl}/ok`))).toMatchObject({ ok: false, status: null, problem: 'unreachable (ECONNREFUSED)' });
    server.setLatency(1500);
    try {
      expect(await probeHealth(probe(`${server.url}/ok`, { timeoutSeconds: 1 }))).toMatchObject({
        ok: false,
        status: null,
        problem: 'no answer within 1 s',
      });
    } finally {
      server.setLatency(0);
    }
  });
});

describe('versionIn', () => {
  it('finds strings and numbers, and nothing in non-JSON or missing paths', () => {
    expect(versionIn('{"a":{"b":"x"}}', 'a.b')).toBe('x');
    expect(versionIn('{"build":42}', 'build')).toBe('42');
    expect(versionIn('{"a":{}}', 'a.b')).toBeNull();
    expect(versionIn('<html>', 'version')).toBeNull();
    expect(versionIn('{"version":{"sha":"x"}}', 'version')).toBeNull();
  });
});
