/**
 * Production for the rollback e2e tests: a health endpoint on 127.0.0.1 that reports the
 * version written in the workspace's `live-version` file (which the deploy commands write),
 * answering 500 while `healthy(version)` says no.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';

export interface ProductionStandIn {
  /** The health URL, once started. */
  readonly url: () => string;
  readonly close: () => Promise<void>;
}

export async function startProductionStandIn(liveFile: string, healthy: (version: string) => boolean): Promise<ProductionStandIn> {
  const server = http.createServer((_request, response) => {
    void readFile(liveFile, 'utf8').then((raw) => {
      const version = raw.trim();
      const ok = healthy(version);
      response.writeHead(ok ? 200 : 500, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ status: ok ? 'ok' : 'error', version }));
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
