import { checkCircleCiToken } from './check-circleci';
import { checkGitHubToken } from './check-github';
import { checkSlackToken } from './check-slack';
import type { TokenChecks } from './connection-check';

export const DEFAULT_TOKEN_CHECKS: TokenChecks = {
  github: checkGitHubToken,
  circleci: checkCircleCiToken,
  slack: checkSlackToken,
};
