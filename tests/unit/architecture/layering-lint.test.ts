import { ESLint } from 'eslint';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// The layering of DESIGN.md is enforced by lint; these cases prove each rule really fires
// (and does not fire on allowed code), so a config edit cannot silently disable it.
const root = path.resolve(import.meta.dirname, '../../..');
const eslint = new ESLint({ cwd: root });

async function messagesFor(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).map((message) => `${message.ruleId}: ${message.message}`);
}

describe('layering rules', () => {
  it.each([
    ['shared/probe.ts', "import { readFile } from 'node:fs';\nexport const f = readFile;\n", 'no-restricted-imports'],
    ['shared/probe.ts', "import path from 'path';\nexport const f = path;\n", 'no-restricted-imports'],
    ['shared/probe.ts', "import { x } from '../electron/main';\nexport const f = x;\n", 'no-restricted-imports'],
    ['shared/probe.ts', "import { App } from '../renderer/App';\nexport const f = App;\n", 'no-restricted-imports'],
    ['shared/probe.ts', 'export const f = () => window.location.href;\n', 'no-restricted-globals'],
    ['renderer/probe.ts', "import { ipcRenderer } from 'electron';\nexport const f = ipcRenderer;\n", 'no-restricted-imports'],
    ['renderer/probe.ts', "import { createHandlers } from '../electron/services/handlers';\nexport const f = createHandlers;\n", 'no-restricted-imports'],
    ['renderer/probe.ts', "import fs from 'node:fs';\nexport const f = fs;\n", 'no-restricted-imports'],
    ['renderer/probe.ts', "export const channel = 'desk:app.getInfo';\n", 'no-restricted-syntax'],
    ['renderer/probe.ts', 'export function f(el: HTMLElement, text: string) { el.innerHTML = text; }\n', 'no-restricted-syntax'],
    ['renderer/probe.tsx', 'export const F = (p: { html: string }) => <div dangerouslySetInnerHTML={{ __html: p.html }} />;\n', 'no-restricted-syntax'],
    ['electron/services/probe.ts', "import { ipcMain } from 'electron';\nipcMain.handle('x', () => 1);\n", 'no-restricted-syntax'],
    ['electron/services/probe.ts', "import { shell } from 'electron';\nvoid shell.openExternal('https://x');\n", 'no-restricted-syntax'],
    ['electron/services/probe.ts', "import type { BrowserWindow } from 'electron';\nexport const f = (w: BrowserWindow) => w.webContents.send('desk:x', 1);\n", 'no-restricted-syntax'],
    ['electron/services/probe.ts', "import { App } from '../../renderer/App';\nexport const f = App;\n", 'no-restricted-imports'],
    // Workspace trust: a service cannot run a configured command without the trust gate.
    ['electron/services/releases/probe.ts', "import { runCommand } from '../runner/run-command';\nexport const f = runCommand;\n", 'no-restricted-imports'],
  ])('%s: %j is refused', async (file, code, rule) => {
    const messages = await messagesFor(file, code);
    expect(messages.some((message) => message.startsWith(`${rule}:`))).toBe(true);
  });

  it.each([
    ['shared/probe.ts', "import { z } from 'zod';\nexport const S = z.string();\n"],
    ['renderer/probe.ts', "import type { DeskApi } from '../shared/ipc/desk-api';\nexport const f = (d: DeskApi) => d.app.getInfo();\n"],
    ['electron/services/probe.ts', "import { readFile } from 'node:fs/promises';\nexport const f = readFile;\n"],
    ['electron/services/releases/probe.ts', "import { runWorkspaceCommand } from '../trust/run-workspace-command';\nexport const f = runWorkspaceCommand;\n"],
  ])('%s: allowed code passes', async (file, code) => {
    expect(await messagesFor(file, code)).toEqual([]);
  });
});
