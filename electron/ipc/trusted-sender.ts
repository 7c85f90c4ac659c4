/**
 * Only our own windows, showing our own pages, may call the main process. A frame that
 * navigated elsewhere (or a webview, or a devtools extension) is refused.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'desk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

export interface SenderFacts {
  /** webContents id of the sender. */
  readonly webContentsId: number;
  /** URL of the frame that sent the message; null when the frame is gone. */
  readonly frameUrl: string | null;
  /** Whether the frame is the top frame of its webContents. */
  readonly isMainFrame: boolean;
}

export function isTrustedSender(facts: SenderFacts, trustedWebContentsIds: ReadonlySet<number>): boolean {
  if (!trustedWebContentsIds.has(facts.webContentsId)) return false;
  if (!facts.isMainFrame || facts.frameUrl === null) return false;
  return originOf(facts.frameUrl) === APP_ORIGIN;
}

function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    // Custom schemes report origin "null" in WHATWG URL; build it from the parts instead.
    return `${parsed.protocol.replace(/:$/, '')}://${parsed.host}`;
  } catch {
    return null;
  }
}
