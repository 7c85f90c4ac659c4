/**
 * Who rolls back, from local facts only: the clone's `git config user.email`. No GitHub
 * call: a rollback must start with the network down. (The app passes its connected GitHub
 * login when it has one cached; the CLI uses the e-mail — name both in `people`.)
 */
import { runGit } from '../git/run-git';

export async function gitUserEmail(repoPath: string): Promise<string | null> {
  return runGit(repoPath, ['config', 'user.email'], { okExitCodes: [0, 1] })
    .then((run) => run.stdout.trim() || null)
    .catch(() => null);
}
