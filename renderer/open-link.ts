/**
 * Opens a link (a check's page, a pull request, a CircleCI workflow) in the user's browser.
 * The main process decides: only https links to the allow-listed GitHub, CircleCI and Slack
 * hosts open (electron/security/external-links.ts); anything else is refused there.
 */
export function openLink(url: string): void {
  void window.desk.links.openExternal(url);
}
