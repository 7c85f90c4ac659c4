/**
 * The browser bridge has no native dialog: its host decides what the trust dialog answers,
 * from RELEASE_DESK_BRIDGE_TRUST (`accept` or `refuse`; default `refuse`). Development and
 * tests only — the bridge is never packaged.
 */
import type { AskTrust } from '../services/trust/trust-handlers';

export function bridgeTrustDialog(env: Readonly<Record<string, string | undefined>>, log: (line: string) => void = () => undefined): AskTrust {
  const setting = env.RELEASE_DESK_BRIDGE_TRUST ?? 'refuse';
  if (setting !== 'accept' && setting !== 'refuse') {
    throw new Error(`RELEASE_DESK_BRIDGE_TRUST must be accept or refuse (got ${JSON.stringify(setting)})`);
  }
  return async ({ folder, commands }) => {
    log(`trust dialog for ${folder} (${commands.length} commands): answered ${setting} by RELEASE_DESK_BRIDGE_TRUST`);
    return setting === 'accept';
  };
}
