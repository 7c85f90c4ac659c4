/**
 * The workspace trust dialog: Electron's own message box in the main process, so only the
 * user — not the page — can trust a folder. It lists every command the folder's
 * release-desk.yml would have Release Desk run.
 */
import { BrowserWindow, dialog, type MessageBoxOptions } from 'electron';
import type { AskTrust } from './services/trust/trust-handlers';

const TRUST = 0;
const CANCEL = 1;

export function createTrustDialog(): AskTrust {
  return async ({ folder, commands }) => {
    const listed = commands.length === 0 ? ['(release-desk.yml names no commands)'] : commands.map((entry) => `${entry.key}:\n    ${entry.command}`);
    const options: MessageBoxOptions = {
      type: 'warning',
      title: 'Trust this workspace folder?',
      message: `Do you trust the commands in ${folder}?`,
      detail: [
        'Until you do, Release Desk reads git and CI for this folder but runs none of its commands.',
        'Trusting it lets Release Desk run these, from release-desk.yml, on this machine:',
        '',
        ...listed,
        '',
        'You can revoke trust in Settings → Trusted folders.',
      ].join('\n'),
      buttons: ['Trust folder', 'Cancel'],
      defaultId: CANCEL,
      cancelId: CANCEL,
      noLink: true,
    };
    const parent = BrowserWindow.getFocusedWindow();
    const { response } = parent === null ? await dialog.showMessageBox(options) : await dialog.showMessageBox(parent, options);
    return response === TRUST;
  };
}
