import { useEffect, useState } from 'react';
import { useDeskCall } from '../use-desk-call';
import { browserNotificationsExist, startWindowAlerts } from './browser-alerts';

/**
 * Raises the browser's notification when an environment starts or stops alerting, on every
 * view. Mounted only when the renderer runs through the browser bridge: in the desktop app
 * the main process raises Electron's Notification.
 */
export function BrowserAlertNotifier() {
  useEffect(() => (browserNotificationsExist() ? startWindowAlerts() : undefined), []);
  return null;
}

/**
 * In the browser bridge, asks for notification permission on a click (browsers ignore a
 * request that no gesture started) and says what the browser allows.
 */
export function BrowserNotificationSetting() {
  const [info] = useDeskCall(() => window.desk.app.getInfo());
  const [permission, setPermission] = useState<NotificationPermission | null>(() => (browserNotificationsExist() ? Notification.permission : null));
  if (info.phase !== 'done' || info.value.host !== 'browser-bridge') return null;
  if (permission === null) return <p className="muted">This browser cannot raise notifications: alerts show on this page and in its title.</p>;
  if (permission === 'granted') return <p className="muted">An alert, and the recovery after it, raise a browser notification.</p>;
  if (permission === 'denied') return <p className="muted">This browser blocks notifications from Release Desk: alerts show on this page and in its title only.</p>;
  return (
    <p className="muted">
      <button type="button" onClick={() => void Notification.requestPermission().then(setPermission)}>
        Notify me of alerts in this browser
      </button>{' '}
      Alerts show on this page and in its title; a notification reaches you on other tabs too.
    </p>
  );
}
