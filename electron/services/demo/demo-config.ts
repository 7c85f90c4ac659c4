/**
 * The demo workspace's release-desk.yml, written to the shape agreed for the real
 * configuration (helper A's schema validates it in tests). The production URL is the
 * switch's port, which is chosen free at start: when it changes, only that URL is
 * rewritten, keeping the file's comments.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';

// Carol is whoever tries the demo (the clone's git user.email): she coordinates and is on
// call too, first among the on-calls, so a newcomer can walk a whole release alone.
export const DEMO_PEOPLE = {
  coordinators: ['alice@welkin.example', 'carol@welkin.example'],
  onCall: ['carol@welkin.example', 'bob@welkin.example'],
  signOff: ['carol@welkin.example', 'dave@welkin.example'],
} as const;

export function renderDemoConfig(productionUrl: string): string {
  return `# Release Desk demo workspace: everything below runs on this machine, on 127.0.0.1.
# Created by \`release-desk demo\`; stop its processes with \`release-desk demo stop\`.
version: 1
name: Welkin web (demo)
repository:
  path: ./repo
  mainBranch: master
  remote: origin
ci:
  # The demo has no CI service: the branch's own tests run in a git worktree.
  provider: local
localTests:
  command: node --test
  timeoutMinutes: 5
manualTesting:
  checklist:
    - Open the home page and check the heading and version
    - Check /health answers {"status":"ok"}
    - Book, move and cancel an appointment
environments:
  production:
    # Ordinary scripts in ./deploy; they get their inputs as environment variables only.
    commands:
      preflight: node deploy/preflight.mjs
      stage1: node deploy/stage1.mjs
      switchover: node deploy/switchover.mjs
      rollback: node deploy/rollback.mjs
      currentVersion: node deploy/current-version.mjs
      teardown: node deploy/teardown.mjs
    timeouts: { stage1Minutes: 2, switchoverMinutes: 1, rollbackMinutes: 1, currentVersionSeconds: 15 }
    health:
      - name: web
        # The production switch; its port is chosen free when the demo starts.
        url: ${productionUrl}/health
        expectStatus: 200
        expectBody: '"status":"ok"'
        versionField: version
        intervalSeconds: 2
        timeoutSeconds: 2
    watchMinutes: 2
people:
  coordinators: [${DEMO_PEOPLE.coordinators.join(', ')}]
  onCall: [${DEMO_PEOPLE.onCall.join(', ')}]
  signOff: [${DEMO_PEOPLE.signOff.join(', ')}]
`;
}

/** Points the production health probe at `productionUrl`; true when the file changed. */
export async function rewriteProductionUrl(configFile: string, productionUrl: string): Promise<boolean> {
  const text = await readFile(configFile, 'utf8');
  const document = parseDocument(text);
  const path = ['environments', 'production', 'health', 0, 'url'];
  const wanted = `${productionUrl}/health`;
  if (document.getIn(path) === wanted) return false;
  document.setIn(path, wanted);
  await writeFile(configFile, document.toString());
  return true;
}
