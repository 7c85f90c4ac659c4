/**
 * What the on-call sees when production turns bad while Release Desk sits in the background:
 * a desktop notification naming the environment and what failed, and the dock/taskbar badge
 * counting the environments that alert. Recovery is announced too, so a notification never
 * leaves the impression that production is still down. (In the browser bridge the page raises
 * the browser's notification instead: renderer/notifications/browser-alerts.ts.)
 */
import { app, Notification } from 'electron';
import { alertNotice } from '../shared/monitor/alert-notice';
import type { AlertChange } from './services/monitor/monitor-runtimes';

export function notifyAlertChange(change: AlertChange): void {
  app.setBadgeCount(change.alertingCount);
  if (!Notification.isSupported()) return;
  const notice = alertNotice(change);
  const notification = change.alerting ? new Notification({ ...notice, urgency: 'critical' }) : new Notification(notice);
  notification.show();
}
