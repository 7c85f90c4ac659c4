/**
 * The repository settings in release-desk.yml are wrong: the clone path is not a git
 * repository, or the remote or main branch does not exist. A configuration error the user
 * fixes in the file, reported as such (code `config-invalid`), never as a crash.
 */
import { DeskError } from '../../../shared/ipc/result';

export type GitConfigProblem = 'not-a-repository' | 'remote-missing' | 'main-branch-missing';

export class GitConfigError extends DeskError {
  readonly problem: GitConfigProblem;
  constructor(problem: GitConfigProblem, message: string) {
    super('config-invalid', message);
    this.name = 'GitConfigError';
    this.problem = problem;
  }
}
