import { useEffect, useState } from 'react';
import type { WorkspaceStatus } from '../shared/domain/app';
import { VIEW_LABELS, VIEWS, viewFromHash, type ViewId } from './navigation';
import { StatusStrip } from './components/StatusStrip';
import { BrowserAlertNotifier } from './notifications/BrowserNotifications';
import { useDeskCall } from './use-desk-call';
import { BranchesView } from './views/BranchesView';
import { HistoryView } from './views/HistoryView';
import { MonitorView } from './views/MonitorView';
import { ReleaseView } from './views/ReleaseView';
import { SettingsView } from './views/SettingsView';

export function App() {
  const [view, setView] = useState<ViewId>(() => viewFromHash(window.location.hash));
  const [workspaceCall, reloadWorkspace] = useDeskCall(() => window.desk.workspace.getStatus());
  const [info] = useDeskCall(() => window.desk.app.getInfo());

  useEffect(() => window.desk.on('workspace.changed', () => reloadWorkspace()), [reloadWorkspace]);
  useEffect(() => {
    const onHash = () => setView(viewFromHash(window.location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  return (
    <div className="shell">
      <SkipLink view={view} />
      <nav className="sidebar" aria-label="Main">
        <p className="brand">Release Desk</p>
        <ul>
          {VIEWS.map((id) => (
            <li key={id}>
              <a href={`#/${id}`} aria-current={view === id ? 'page' : undefined}>
                {VIEW_LABELS[id]}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main className="content" aria-labelledby="view-title">
        {workspaceCall.phase === 'done' && <StatusStrip workspace={workspaceCall.value} />}
        {info.phase === 'done' && info.value.host === 'browser-bridge' && <BrowserAlertNotifier />}
        <h1 id="view-title">{VIEW_LABELS[view]}</h1>
        {workspaceCall.phase === 'loading' && <p>Loading workspace…</p>}
        {workspaceCall.phase === 'failed' && (
          <p role="alert">Release Desk could not read the workspace: {workspaceCall.error.message}</p>
        )}
        {workspaceCall.phase === 'done' && (
          <CurrentView view={view} workspace={workspaceCall.value} info={info} onWorkspaceChecked={reloadWorkspace} />
        )}
      </main>
    </div>
  );
}

function CurrentView(props: {
  readonly view: ViewId;
  readonly workspace: WorkspaceStatus;
  readonly info: Parameters<typeof SettingsView>[0]['info'];
  readonly onWorkspaceChecked: () => void;
}) {
  switch (props.view) {
    case 'branches':
      return <BranchesView workspace={props.workspace} />;
    case 'release':
      return <ReleaseView workspace={props.workspace} />;
    case 'monitor':
      return <MonitorView workspace={props.workspace} />;
    case 'history':
      return <HistoryView workspace={props.workspace} />;
    case 'settings':
      return <SettingsView workspace={props.workspace} info={props.info} onWorkspaceChecked={props.onWorkspaceChecked} />;
  }
}

/** The first stop of the keyboard: straight to the board, past the navigation. */
function SkipLink(props: { readonly view: ViewId }) {
  if (props.view !== 'branches') return null;
  return (
    <a
      className="skip-link"
      href="#board"
      onClick={(event) => {
        event.preventDefault();
        (document.getElementById('board') ?? document.querySelector('main'))?.focus();
      }}
    >
      Skip to the board
    </a>
  );
}
