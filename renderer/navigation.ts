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
  const candidate = hash.replace(/^#\/?/, '');
  return (VIEWS as readonly string[]).includes(candidate) ? (candidate as ViewId) : 'branches';
}

/** Shows another view, as following its link in the sidebar does. */
export function goToView(view: ViewId): void {
  window.location.hash = `#/${view}`;
}
