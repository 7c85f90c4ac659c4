/**
 * Builds the demo repository: a bare `origin.git` and its clone `repo/`, with master and
 * one feature branch per readiness case, all pushed. Real git, run with argv arrays; the
 * author of each commit is set with `-c user.name/-c user.email` so nothing depends on the
 * machine's git identity.
 */
import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  ciFailingFiles,
  conflictingHeadingFiles,
  faultyFiles,
  initialFiles,
  masterHeadingFiles,
  readyFiles,
  robotsFiles,
  signOffFiles,
  type FileMap,
} from './product-files';
import { withoutSecrets } from '../vault/secret-environment';

const run = promisify(execFile);

export const DEMO_BRANCHES = {
  ready: 'feature/ready',
  ciFailing: 'feature/ci-failing',
  behindMaster: 'feature/behind-master',
  conflicting: 'feature/conflicting',
  needsSignOff: 'feature/needs-sign-off',
  faultyRelease: 'feature/faulty-release',
} as const;

interface Author {
  readonly name: string;
  readonly email: string;
}

const person = (name: string): Author => ({ name, email: `${name.toLowerCase()}@welkin.example` });
const ALICE = person('Alice');

interface Step {
  readonly branch: string;
  /** Where a new branch starts; absent = continue the branch. */
  readonly from?: string;
  readonly author: Author;
  readonly message: string;
  readonly files: FileMap;
}

/** Order matters: behind-master and conflicting start before master's second commit. */
const HISTORY: readonly Step[] = [
  { branch: 'master', author: ALICE, message: 'Welkin web: home page and health endpoint', files: initialFiles() },
  { branch: DEMO_BRANCHES.behindMaster, from: 'master', author: person('Erin'), message: 'Serve robots.txt', files: robotsFiles() },
  {
    branch: DEMO_BRANCHES.conflicting,
    from: 'master',
    author: person('Frank'),
    message: 'Mark the product as beta',
    files: conflictingHeadingFiles(),
  },
  { branch: 'master', author: ALICE, message: 'Heading names the appointments service', files: masterHeadingFiles() },
  { branch: DEMO_BRANCHES.ready, from: 'master', author: person('Grace'), message: 'Add /api/info', files: readyFiles() },
  {
    branch: DEMO_BRANCHES.needsSignOff,
    from: 'master',
    author: person('Heidi'),
    message: 'Footer points patients to the front desk',
    files: signOffFiles(),
  },
  { branch: DEMO_BRANCHES.ciFailing, from: 'master', author: person('Ivan'), message: 'Add /api/greet', files: ciFailingFiles() },
  {
    branch: DEMO_BRANCHES.faultyRelease,
    from: 'master',
    author: person('Judy'),
    message: 'Health includes the appointment cache',
    files: faultyFiles(),
  },
];

/** Config for every git call: no signing, hooks or templates from the machine get in. */
const NEUTRAL = ['-c', 'commit.gpgsign=false', '-c', 'core.hooksPath=/dev/null', '-c', 'init.templateDir='];

export async function git(cwd: string, args: readonly string[], author: Author = ALICE): Promise<string> {
  const identity = ['-c', `user.name=${author.name}`, '-c', `user.email=${author.email}`];
  const { stdout } = await run('git', [...NEUTRAL, ...identity, ...args], { cwd, encoding: 'utf8', env: withoutSecrets(process.env, []) });
  return stdout.trim();
}

/** Creates `origin.git` and `repo/` under `workspace` and pushes every branch. */
export async function createDemoRepository(workspace: string): Promise<void> {
  const origin = path.join(workspace, 'origin.git');
  const repo = path.join(workspace, 'repo');
  await mkdir(repo, { recursive: true });
  await git(workspace, ['init', '--quiet', '--bare', '--initial-branch=master', origin]);
  await git(repo, ['init', '--quiet', '--initial-branch=master']);
  await git(repo, ['remote', 'add', 'origin', origin]);

  let current = 'master';
  for (const step of HISTORY) {
    if (step.from !== undefined) {
      await git(repo, ['checkout', '--quiet', '-b', step.branch, step.from]);
    } else if (step.branch !== current) {
      await git(repo, ['checkout', '--quiet', step.branch]);
    }
    current = step.branch;
    for (const [file, content] of Object.entries(step.files)) {
      await mkdir(path.dirname(path.join(repo, file)), { recursive: true });
      await writeFile(path.join(repo, file), content);
    }
    await git(repo, ['add', '--all']);
    await git(repo, ['commit', '--quiet', '-m', step.message], step.author);
  }
  await git(repo, ['checkout', '--quiet', 'master']);
  await git(repo, ['push', '--quiet', '--set-upstream', 'origin', '--all']);
  await git(repo, ['fetch', '--quiet', 'origin']);
  // Whoever tries the demo plays Carol, who may sign off manual testing (people.signOff).
  await git(repo, ['config', 'user.name', DEMO_PERSONA.name]);
  await git(repo, ['config', 'user.email', DEMO_PERSONA.email]);
}

/** The engineer the demo's user acts as. */
export const DEMO_PERSONA = { name: 'Carol (demo)', email: 'carol@welkin.example' } as const;
