/**
 * Thin Electron adapter: the consent to store tokens without a keyring is asked in a
 * main-process dialog, so no page (a compromised renderer included) can give it. The
 * renderer can only ask for the dialog to be shown (connections.askPlaintextConsent).
 */
import type { BrowserWindow, Dialog, MessageBoxOptions } from 'electron';

export const PLAINTEXT_CONSENT_BUTTONS = ['Cancel', 'Store without encryption'] as const;

export function createPlaintextConsentDialog(
  dialog: Pick<Dialog, 'showMessageBox'>,
  parentWindow: () => BrowserWindow | null,
): () => Promise<boolean> {
  return async () => {
    const options: MessageBoxOptions = {
      type: 'warning',
      title: 'Store tokens without encryption?',
      message: 'This computer offers no secure place for tokens.',
      detail:
        'The system keyring (GNOME Keyring or KWallet) is not available, so saved GitHub, CircleCI and Slack tokens ' +
        'would be readable by anyone who can read your files. Set up a keyring and restart Release Desk to avoid this.',
      buttons: [...PLAINTEXT_CONSENT_BUTTONS],
      defaultId: 0,
      cancelId: 0,
      noLink: true,
    };
    const parent = parentWindow();
    const { response } = parent === null ? await dialog.showMessageBox(options) : await dialog.showMessageBox(parent, options);
    return response === 1;
  };
}
