import { useEffect, useState } from 'react';
import type { TrustedFolderView } from '../../../shared/domain/trust';
import { useDeskCall } from '../../use-desk-call';

const HOW: Readonly<Record<TrustedFolderView['how'], string>> = {
  dialog: 'trusted by you',
  demo: 'the built-in demo',
  'command-line': 'named on the command line',
};

/** Settings → Trusted folders: the folders whose commands may run, each with Revoke. */
export function TrustedFoldersSection(props: { readonly onChanged?: () => void }) {
  const [folders, reload] = useDeskCall(() => window.desk.workspace.trustedFolders());
  const [failure, setFailure] = useState<string | null>(null);
  useEffect(() => window.desk.on('workspace.changed', () => reload()), [reload]);
  const revoke = async (folder: string) => {
    setFailure(null);
    const result = await window.desk.workspace.revokeTrust(folder);
    if (!result.ok) setFailure(result.error.message);
    reload();
    props.onChanged?.();
  };
  return (
    <section aria-labelledby="settings-trust">
      <h2 id="settings-trust">Trusted folders</h2>
      <p>Release Desk runs a workspace&apos;s commands (local tests, local CI, deploy and rollback) only in these folders.</p>
      {folders.phase === 'loading' && <p>Loading…</p>}
      {folders.phase === 'failed' && <p role="alert">{folders.error.message}</p>}
      {folders.phase === 'done' && folders.value.length === 0 && <p>No folder is trusted.</p>}
      {folders.phase === 'done' && folders.value.length > 0 && (
        <ul aria-label="Trusted folders">
          {folders.value.map((folder) => (
            <li key={folder.path}>
              <code>{folder.path}</code> ({HOW[folder.how]}, {new Date(folder.trustedAt).toLocaleDateString()}){' '}
              <button type="button" onClick={() => void revoke(folder.path)} aria-label={`Revoke trust in ${folder.path}`}>
                Revoke
              </button>
            </li>
          ))}
        </ul>
      )}
      {failure !== null && <p role="alert">{failure}</p>}
    </section>
  );
}
