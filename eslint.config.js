// Lint is where the architecture is enforced (DESIGN.md "Processes and folders"):
//   shared/   imports nothing from electron/ or renderer/, no Node built-ins, no DOM APIs;
//   renderer/ never imports electron/ (the folder or the package) nor Node;
//   electron/ never imports renderer/ (the browser-bridge client is bundled, not imported);
//   raw ipcMain / ipcRenderer / webContents.send live only in the typed IPC wrappers;
//   shell.openExternal lives only in its checked wrapper;
//   untrusted text is never rendered as HTML.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)];

const noNode = { paths: nodeBuiltins.map((name) => ({ name, message: 'No Node built-ins here: this code runs outside Node.' })) };

const layer = (group, message) => ({ group, message });

const rawIpc = [
  {
    selector: "MemberExpression[object.name=/^ipc(Main|Renderer)$/]",
    message: 'Raw IPC only in electron/ipc/register.ts and electron/preload.ts; add a contract entry instead.',
  },
  {
    selector: "CallExpression[callee.property.name='send'][callee.object.property.name='webContents']",
    message: 'Push events with pushEvent() from electron/ipc/register.ts.',
  },
  {
    selector: "CallExpression[callee.object.name='shell'][callee.property.name='openExternal']",
    message: 'Open links only through openExternalChecked() (electron/security/open-external.ts).',
  },
];

// A workspace's commands run only through the trust gate (electron/services/trust/): a
// service that calls the runner directly could run an untrusted folder's commands.
const workspaceCommandGate = {
  group: ['**/runner/run-command'],
  importNames: ['runCommand'],
  message: "Run a workspace's commands with runWorkspaceCommand (electron/services/trust/), which needs the folder's WorkspaceTrust.",
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'reports/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          ...noNode,
          patterns: [
            layer(['**/electron/**', '**/renderer/**', 'electron', 'react', 'react-dom'], 'shared/ is pure: it imports nothing from electron/ or renderer/.'),
          ],
        },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'process', 'Buffer', 'require', 'navigator', 'localStorage'],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          ...noNode,
          patterns: [layer(['**/electron/**', 'electron', 'electron/*'], 'The renderer reaches the main process only through window.desk.')],
        },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'Untrusted text is rendered as text, never as HTML.' },
        { selector: "AssignmentExpression[left.property.name=/^(innerHTML|outerHTML)$/]", message: 'Untrusted text is rendered as text, never as HTML.' },
        { selector: "CallExpression[callee.property.name='insertAdjacentHTML']", message: 'Untrusted text is rendered as text, never as HTML.' },
        { selector: "Literal[value=/^desk:/]", message: 'No channel strings in the renderer: call window.desk.<namespace>.<method>().' },
      ],
      'no-restricted-globals': ['error', 'require', 'process'],
    },
  },
  {
    files: ['electron/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [layer(['**/renderer/**'], 'electron/ never imports the renderer.'), workspaceCommandGate] },
      ],
      'no-restricted-syntax': ['error', ...rawIpc],
    },
  },
  {
    // The runner itself, the trust gate, and the demo starting its own (generated, not configured) scripts.
    files: ['electron/services/runner/**/*.ts', 'electron/services/trust/**/*.ts', 'electron/services/demo/start-demo.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [layer(['**/renderer/**'], 'electron/ never imports the renderer.')] }],
    },
  },
  {
    files: ['electron/ipc/register.ts', 'electron/preload.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['electron/security/open-external.ts'],
    rules: { 'no-restricted-syntax': ['error', ...rawIpc.slice(0, 2)] },
  },
  {
    files: ['scripts/**/*.mjs', 'bin/**/*.js', 'eslint.config.js', '.ci/**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
