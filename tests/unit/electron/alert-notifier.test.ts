import { beforeEach, describe, expect, it, vi } from 'vitest';

// The Electron adapter of the monitor's alerts, against a stubbed Electron.
const shown = vi.hoisted(() => ({ notifications: [] as Record<string, unknown>[], badge: [] as number[], supported: true }));

vi.mock('electron', () => ({
  app: { setBadgeCount: (count: number) => shown.badge.push(count) },
  Notification: class {
    static isSupported() {
      return shown.supported;
    }
    constructor(private readonly options: Record<string, unknown>) {}
    show() {
      shown.notifications.push(this.options);
    }
  },
}));

const { notifyAlertChange } = await import('../../../electron/alert-notifier');

beforeEach(() => {
  shown.notifications.length = 0;
  shown.badge.length = 0;
  shown.supported = true;
});

describe('notifyAlertChange', () => {
  it('raises a critical notification naming what failed, and counts alerting environments on the badge', () => {
    notifyAlertChange({ environment: 'production', alerting: true, text: 'web failed 3 checks in a row (HTTP 503, expected 200)', alertingCount: 1 });
    expect(shown.badge).toEqual([1]);
    expect(shown.notifications).toEqual([
      { title: 'production is not healthy', body: 'web failed 3 checks in a row (HTTP 503, expected 200). Open Release Desk to roll back.', urgency: 'critical' },
    ]);
  });

  it('says so when production recovers, and clears the badge', () => {
    notifyAlertChange({ environment: 'production', alerting: false, text: '', alertingCount: 0 });
    expect(shown.badge).toEqual([0]);
    expect(shown.notifications).toEqual([{ title: 'production is healthy again', body: 'Every health probe answers as expected.' }]);
  });

  it('still keeps the badge where notifications are not supported', () => {
    shown.supported = false;
    notifyAlertChange({ environment: 'production', alerting: true, text: 'web …', alertingCount: 1 });
    expect(shown.badge).toEqual([1]);
    expect(shown.notifications).toEqual([]);
  });
});
