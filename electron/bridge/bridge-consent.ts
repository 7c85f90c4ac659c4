/**
 * The browser bridge (development and tests only) has no main-process window to show the
 * "store tokens without a keyring?" dialog in, so whoever starts it answers in advance:
 * RELEASE_DESK_BRIDGE_CONSENT=accept or refuse (the default). The page can still only ask.
 */
export const BRIDGE_CONSENT_VAR = 'RELEASE_DESK_BRIDGE_CONSENT';

export function bridgeConsentFromEnv(env: Readonly<Record<string, string | undefined>>): () => Promise<boolean> {
  const raw = env[BRIDGE_CONSENT_VAR]?.trim().toLowerCase() ?? '';
  if (raw !== '' && raw !== 'accept' && raw !== 'refuse') {
    throw new Error(`${BRIDGE_CONSENT_VAR} must be accept or refuse (got ${JSON.stringify(env[BRIDGE_CONSENT_VAR]?.slice(0, 40))})`);
  }
  const accepted = raw === 'accept';
  return async () => accepted;
}
