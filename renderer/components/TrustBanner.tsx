import { useState } from 'react';
import type { WorkspaceStatus } from '../../shared/domain/app';

/**
 * Says that the open folder is untrusted and what waits for it, with the one way to trust
 * it: "Trust…" asks the main process to show its own dialog, which lists the commands.
 * Nothing here can trust a folder by itself.
 */
export function TrustBanner(props: { readonly status: WorkspaceStatus; readonly onChanged?: () => void }) {
  const [phase, setPhase] = useState<'idle' | 'asking'>('idle');
  const [note, setNote] = useState<string | null>(null);
  const { status } = props;
  if (status.kind === 'none' || status.trust === undefined || status.trust.trusted) return null;
  const ask = async () => {
    setPhase('asking');
    setNote(null);
    try {
      const result = await window.desk.workspace.requestTrust();
      if (!result.ok) setNote(result.error.message);
      else if (result.value.outcome === 'refused') setNote('Not trusted: none of its commands will run.');
      props.onChanged?.();
    } catch (error) {
      setNote(String(error));
    } finally {
      setPhase('idle');
    }
  };
  return (
    <section className="trust-banner" aria-label="Workspace trust">
      <p>
        <strong>This folder is not trusted.</strong> Release Desk reads its git and CI, but runs none of the commands in its
        release-desk.yml until you trust it.
      </p>
      <ul aria-label="Waiting for trust">
        {status.trust.waiting.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      <button type="button" onClick={() => void ask()} disabled={phase === 'asking'} aria-busy={phase === 'asking'}>
        Trust…
      </button>
      {note !== null && <p role="status">{note}</p>}
    </section>
  );
}
