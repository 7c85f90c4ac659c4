import { chromium } from '@playwright/test';
import { existsSync } from 'node:fs';

/** Flags that keep Chromium off the (closed) network and out of the home directory. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/**
 * $CHROMIUM_PATH, else Debian's Chromium, else a browser `npx playwright install chromium`
 * fetched (laptops). Missing Chromium is a failure, not a skip: an e2e suite that silently
 * ran nothing would be green for the wrong reason.
 */
export function chromiumExecutable(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', playwrightChromium()].filter(
    (candidate): candidate is string => candidate !== undefined && candidate !== '',
  );
  const found = candidates.find((candidate) => existsSync(candidate));
  if (found === undefined) {
    throw new Error(
      `Chromium not found (looked at ${candidates.join(', ')}): on Debian run apt-get install -y --no-install-recommends chromium; elsewhere npx playwright install chromium, or set CHROMIUM_PATH.`,
    );
  }
  return found;
}

function playwrightChromium(): string | undefined {
  try {
    return chromium.executablePath();
  } catch {
    return undefined;
  }
}
