/**
 * Production for the monitor and rollback e2e tests: a health endpoint on 127.0.0.1 whose
 * answer the test controls (503 while unhealthy), and the one-environment workspace file that
 * points its health check there.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';

export interface HealthAnswer {
  readonly healthy: boolean;
  /** Reported as the body's `version` when given. */
  readonly version?: string;
}

export interface ProductionStandIn {
  /** The health URL, once started. */
  readonly url: () => string;
  readonly close: () => Promise<void>;
}

export async function startProductionStandIn(answer: () => HealthAnswer | Promise<HealthAnswer>): Promise<ProductionStandIn> {
  const server = http.createServer((_request, response) => {
    void Promise.resolve(answer()).then(({ healthy, version }) => {
      response.writeHead(healthy ? 200 : 503, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ status: healthy ? 'ok' : 'down', ...(version === undefined ? {} : { version }) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/health`;
  return {
    url: () => url,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Production reports the version in the workspace's `live-version` file (which the deploy commands write). */
export function versionInFile(liveFile: string, healthy: (version: string) => boolean): () => Promise<HealthAnswer> {
  return async () => {
    const version = (await readFile(liveFile, 'utf8')).trim();
    return { healthy: healthy(version), version };
  };
}

/** release-desk.yml with one environment, `production`, on GitHub checks for octo/app. */
export async function writeProductionWorkspace(
  workspace: string,
  settings: { readonly name: string; readonly production: Record<string, unknown>; readonly people?: Record<string, unknown> },
): Promise<void> {
  await writeFile(
    path.join(workspace, 'release-desk.yml'),
    stringify({
      version: 1,
      name: settings.name,
      repository: { path: '.', github: 'octo/app' },
      ci: { provider: 'github-checks' },
      environments: { production: settings.production },
      ...(settings.people === undefined ? {} : { people: settings.people }),
    }),
  );
}
