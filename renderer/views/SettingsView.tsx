import type { AppInfo, WorkspaceStatus } from '../../shared/domain/app';
import { CheckAgainButton } from '../components/CheckAgainButton';
import { OpenWorkspaceForm } from '../components/OpenWorkspaceForm';
import type { CallState } from '../use-desk-call';
import { TrustBanner } from '../components/TrustBanner';
import { ConnectionsSection } from './settings/ConnectionsSection';
import { TrustedFoldersSection } from './settings/TrustedFoldersSection';

export function SettingsView(props: {
  readonly workspace: WorkspaceStatus;
  readonly info: CallState<AppInfo>;
  /** Called after "Check again" re-read release-desk.yml, so the app shows the new status. */
  readonly onWorkspaceChecked?: () => void;
}) {
  const { workspace, info } = props;
  return (
    <div className="settings">
      <section aria-labelledby="settings-workspace">
        <h2 id="settings-workspace">Workspace</h2>
        {workspace.kind === 'none' && <p>{workspace.hint}</p>}
        {workspace.kind === 'invalid' && (
          <>
            <p>
              <code>{workspace.path}</code> cannot be used:
            </p>
            <ul aria-label="Workspace problems">
              {workspace.problems.map((problem) => (
                <li key={problem}>
                  <code>{problem}</code>
                </li>
              ))}
            </ul>
            {workspace.usingLastValid === true && (
              <p>Release Desk keeps using the last valid configuration until the file is fixed.</p>
            )}
          </>
        )}
        {workspace.kind === 'ready' && (
          <dl>
            <dt>Name</dt>
            <dd>{workspace.name}</dd>
            <dt>Folder</dt>
            <dd>
              <code>{workspace.path}</code>
            </dd>
          </dl>
        )}
        <TrustBanner status={workspace} onChanged={props.onWorkspaceChecked} />
        {workspace.kind !== 'none' && <CheckAgainButton onChecked={props.onWorkspaceChecked} />}
        <OpenWorkspaceForm onOpened={() => props.onWorkspaceChecked?.()} />
      </section>
      <ConnectionsSection />
      <TrustedFoldersSection onChanged={props.onWorkspaceChecked} />
      <section aria-labelledby="settings-about">
        <h2 id="settings-about">About</h2>
        {info.phase === 'loading' && <p>Loading…</p>}
        {info.phase === 'failed' && <p role="alert">{info.error.message}</p>}
        {info.phase === 'done' && (
          <dl>
            <dt>Version</dt>
            <dd>{info.value.version}</dd>
            <dt>Running in</dt>
            <dd>{info.value.host === 'electron' ? 'the desktop app' : 'the browser bridge (development)'}</dd>
            <dt>Platform</dt>
            <dd>{info.value.platform}</dd>
          </dl>
        )}
      </section>
    </div>
  );
}
