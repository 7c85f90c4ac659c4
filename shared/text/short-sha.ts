/**
 * The one way a commit SHA is shortened for people: 7 characters, git's own default, in the
 * board, the branch detail, messages from the main process and the CLI alike. A second
 * length beside it made the same commit look like two ("1a2b3c4" here, "1a2b3c4d" there).
 */
export const SHORT_SHA_LENGTH = 7;

export function shortSha(sha: string): string {
  return sha.slice(0, SHORT_SHA_LENGTH);
}
