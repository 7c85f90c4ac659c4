import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { expect, test } from './harness';

// Issue 9: the status strip reads each environment's health with the light monitor.health call
// on every view, not the whole monitor overview (every probe's hour of samples) every 10 s.
// The calls the page makes are read from the bridge's WebSocket frames.
const workspace = await mkdtemp(path.join(os.tmpdir(), 'desk-e2e-strip-'));
const production = { healthy: true };
const server = http.createServer((_request, response) => {
  response.writeHead(production.healthy ? 200 : 503, { 'content-type': 'application/json' });
  response.end(JSON.stringify({ status: production.healthy ? 'ok' : 'down' }));
});

test.use({ deskWorkspace: workspace });

test.beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/health`;
  await writeFile(
    path.join(workspace, 'release-desk.yml'),
    stringify({
      version: 1,
      name: 'Status strip test',
      repository: { path: '.', github: 'octo/app' },
      ci: { provider: 'github-checks' },
      environments: {
        production: {
          commands: { stage1: 'true', switchover: 'true', rollback: 'true', currentVersion: 'true' },
          health: [{ name: 'web', url, expectBody: '"status":"ok"', intervalSeconds: 1, timeoutSeconds: 1 }],
        },
      },
    }),
  );
});

test.afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await rm(workspace, { recursive: true, force: true });
});

test('the strip shows production\'s health from monitor.health, never loading the monitor overview outside the Monitor view', async ({ deskPage, problems }) => {
  production.healthy = false;
  const calls: string[] = [];
  deskPage.on('websocket', (socket) => {
    socket.on('framesent', (frame) => {
      const text = typeof frame.payload === 'string' ? frame.payload : frame.payload.toString('utf8');
      const name = /"type":"call","id":[^,]+,"name":"([^"]+)"/.exec(text)?.[1];
      if (name !== undefined) calls.push(name);
    });
  });
  await deskPage.reload();
  const strip = deskPage.getByTestId('status-production');
  await expect(strip).toContainText('· ALERT', { timeout: 20_000 });
  production.healthy = true;
  await expect(strip).toContainText('· healthy', { timeout: 20_000 });
  expect(calls).toContain('monitor.health');
  expect(calls).not.toContain('monitor.overview');
  expect(problems).toEqual({ consoleErrors: [], pageErrors: [], cspViolations: [] });
});
