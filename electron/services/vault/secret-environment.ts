/**
 * The environment a child process (a workspace command, git and its hooks) gets: the one
 * Release Desk was started with, minus every token. Deploy scripts are given their inputs
 * explicitly, and a repository's hooks are the repository's code: neither has any business
 * with the team's API tokens.
 */
import { TOKEN_ENV_VARS } from './token-source';

/** Token variables of the services Release Desk talks to and their usual aliases. */
export const WELL_KNOWN_TOKEN_VARIABLES: readonly string[] = [
  ...new Set([...Object.values(TOKEN_ENV_VARS), 'GITHUB_TOKEN', 'GH_TOKEN', 'CIRCLECI_TOKEN', 'CIRCLE_TOKEN', 'SLACK_TOKEN']),
];

/** Release Desk's own variables that hold a secret (RELEASE_DESK_…_TOKEN and the like), not its addresses. */
const RELEASE_DESK_SECRET = /^RELEASE_DESK_\w*(TOKEN|SECRET|PASSWORD|KEY|CREDENTIALS?)$/i;

/** Shorter "secrets" would withhold unrelated variables by coincidence; real tokens are far longer. */
export const MIN_WITHHELD_SECRET_LENGTH = 8;

/** True for a variable whose name says it holds a token, whatever its value. */
export function isSecretVariable(name: string): boolean {
  return WELL_KNOWN_TOKEN_VARIABLES.includes(name.toUpperCase()) || RELEASE_DESK_SECRET.test(name);
}

/** The values of the token variables set in `env`: secrets to scrub even with an empty vault. */
export function tokensInEnvironment(env: Readonly<Record<string, string | undefined>>): readonly string[] {
  return Object.entries(env).flatMap(([name, value]) => (isSecretVariable(name) && value !== undefined && value.trim() !== '' ? [value.trim()] : []));
}

/**
 * `env` minus every token variable (by name), and minus any variable holding one of the
 * known secrets (or an environment token), alone or inside a longer value (an
 * `Authorization: token …` header variable).
 */
export function withoutSecrets(env: Readonly<Record<string, string | undefined>>, secrets: readonly string[]): NodeJS.ProcessEnv {
  const known = [...secrets, ...tokensInEnvironment(env)].filter((secret) => secret.length >= MIN_WITHHELD_SECRET_LENGTH);
  return Object.fromEntries(
    Object.entries(env).filter(
      ([name, value]) => !isSecretVariable(name) && (value === undefined || !known.some((secret) => value.includes(secret))),
    ),
  ) as NodeJS.ProcessEnv;
}
