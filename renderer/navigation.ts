export const VIEWS = ['branches', 'release', 'monitor', 'history', 'settings'] as const;
export type ViewId = (typeof VIEWS)[number];

export const VIEW_LABELS: Readonly<Record<ViewId, string>> = {
  branches: 'Branches',
  release: 'Release',
  monitor: 'Monitor',
  history: 'History',
  settings: 'Settings',
};

export function viewFromHash(hash: string): ViewId {
  // A view may keep its own state after a `?` (History's filters): the view is what comes before.
  const candidate = hash.replace(/^#\/?/, '').split('?')[0] ?? '';
  return (VIEWS as readonly string[]).includes(candidate) ? (candidate as ViewId) : 'branches';
}

/** Shows another view, as following its link in the sidebar does. */
export function goToView(view: ViewId): void {
  window.location.hash = `#/${view}`;
}
