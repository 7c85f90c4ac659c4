/**
 * Thin Electron adapter for Export evidence: the main process asks where to save in its own
 * dialog and writes the file there, so the page never names a path (a compromised renderer
 * cannot write anywhere). Whole or nothing: a half-written report must never pass for evidence.
 */
import { rename, rm, writeFile } from 'node:fs/promises';
import type { BrowserWindow, Dialog, SaveDialogOptions } from 'electron';
import type { SaveEvidence } from './services/audit/evidence-handlers';

export function createEvidenceSaveDialog(dialog: Pick<Dialog, 'showSaveDialog'>, parentWindow: () => BrowserWindow | null, defaultFolder: () => string): SaveEvidence {
  return async (suggestedName, format, content) => {
    const options: SaveDialogOptions = {
      title: 'Export release evidence',
      defaultPath: `${defaultFolder()}/${suggestedName}`,
      filters: format === 'html' ? [{ name: 'HTML report', extensions: ['html'] }] : [{ name: 'JSON', extensions: ['json'] }],
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    };
    const parent = parentWindow();
    const { canceled, filePath } = parent === null ? await dialog.showSaveDialog(options) : await dialog.showSaveDialog(parent, options);
    if (canceled || filePath === undefined || filePath === '') return null;
    const temporary = `${filePath}.${process.pid}.tmp`;
    try {
      await writeFile(temporary, content);
      await rename(temporary, filePath);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
    return filePath;
  };
}
