/**
 * A local test run happens in a temporary worktree (`/tmp/release-desk-worktree-Ab12Cd/…`):
 * that path means nothing to the reader, differs on every run and is gone afterwards. Output
 * shown and stored says `./src/app.test.js` instead: the worktree's path becomes `.`.
 */

/** Rewrites streamed output; a chunk may end in the middle of the path, so that part waits. */
export function createWorktreeRelativizer(folder: string): { push(chunk: string): string; flush(): string } {
  let held = '';
  return {
    push(chunk) {
      const text = relativeToWorktree(held + chunk, folder);
      const keep = partialPrefixLength(text, folder);
      held = text.slice(text.length - keep);
      return text.slice(0, text.length - keep);
    },
    flush() {
      const rest = held;
      held = '';
      return rest;
    },
  };
}

export function relativeToWorktree(text: string, folder: string): string {
  return text.split(folder).join('.');
}

/** How long the end of `text` is a beginning of `folder` (which may continue in the next chunk). */
function partialPrefixLength(text: string, folder: string): number {
  for (let length = Math.min(folder.length - 1, text.length); length > 0; length--) {
    if (folder.startsWith(text.slice(text.length - length))) return length;
  }
  return 0;
}
