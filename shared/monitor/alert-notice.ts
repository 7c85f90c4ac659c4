/**
 * The words of the notification raised when an environment starts or stops alerting: one
 * wording for Electron's Notification (electron/alert-notifier.ts) and the browser's
 * (renderer/notifications/browser-alerts.ts). Recovery is announced too, so a notification
 * never leaves the impression that production is still down.
 */
export interface AlertNoticeInput {
  readonly environment: string;
  readonly alerting: boolean;
  /** What is wrong, in words ("web failed 3 checks in a row (HTTP 503, expected 200)"); empty when recovered. */
  readonly text: string;
}

export interface AlertNotice {
  readonly title: string;
  readonly body: string;
}

export function alertNotice(change: AlertNoticeInput): AlertNotice {
  return change.alerting
    ? { title: `${change.environment} is not healthy`, body: `${change.text}. Open Release Desk to roll back.` }
    : { title: `${change.environment} is healthy again`, body: 'Every health probe answers as expected.' };
}
