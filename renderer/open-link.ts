/**
 * Opens a link (a check's page, a pull request, a CircleCI workflow) in the user's browser.
 * The main process decides: only https links to the allow-listed GitHub, CircleCI and Slack
 * hosts open (electron/security/external-links.ts); anything else is refused there.
 */
export function openLink(url: string): void {
  void window.desk.links.openExternal(url);
}

/** Like openLink, for links that may be refused (a preview's address): the refusal, or null once opened. */
export async function openLinkOrReason(url: string): Promise<string | null> {
  const result = await window.desk.links.openExternal(url);
  return result.ok ? null : result.error.message;
}
