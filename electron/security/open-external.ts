/**
 * The single wrapper around shell.openExternal (lint forbids it anywhere else). Electron
 * adapter.
 */
import { shell } from 'electron';
import { checkExternalLink, DEFAULT_EXTERNAL_HOSTS } from './external-links';

export async function openExternalChecked(
  raw: string,
  allowedHosts: readonly string[] = DEFAULT_EXTERNAL_HOSTS,
): Promise<boolean> {
  const verdict = checkExternalLink(raw, allowedHosts);
  if (!verdict.allowed) return false;
  await shell.openExternal(verdict.url);
  return true;
}
