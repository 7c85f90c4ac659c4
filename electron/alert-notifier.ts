/**
 * What the on-call sees when production turns bad while Release Desk sits in the background:
 * a desktop notification naming the environment and what failed, and the dock/taskbar badge
 * counting the environments that alert. Recovery is announced too, so a notification never
 * leaves the impression that production is still down.
 */
import { app, Notification } from 'electron';
import type { AlertChange } from './services/monitor/monitor-runtimes';

export function notifyAlertChange(change: AlertChange): void {
  app.setBadgeCount(change.alertingCount);
  if (!Notification.isSupported()) return;
  const notification = change.alerting
    ? new Notification({ title: `${change.environment} is not healthy`, body: `${change.text}. Open Release Desk to roll back.`, urgency: 'critical' })
    : new Notification({ title: `${change.environment} is healthy again`, body: 'Every health probe answers as expected.' });
  notification.show();
}
