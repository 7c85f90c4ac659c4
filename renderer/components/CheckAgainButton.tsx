import { useState } from 'react';

/**
 * Re-reads release-desk.yml in the main process ("Check again" after fixing the file) and
 * tells the parent, which refreshes the workspace status it shows everywhere.
 */
export function CheckAgainButton(props: { readonly onChecked?: () => void }) {
  const [phase, setPhase] = useState<'idle' | 'checking'>('idle');
  const [failure, setFailure] = useState<string | null>(null);
  const check = async () => {
    setPhase('checking');
    setFailure(null);
    try {
      const result = await window.desk.workspace.reload();
      if (!result.ok) setFailure(result.error.message);
      props.onChecked?.();
    } catch (error) {
      setFailure(String(error));
    } finally {
      setPhase('idle');
    }
  };
  return (
    <>
      <button type="button" onClick={() => void check()} disabled={phase === 'checking'} aria-busy={phase === 'checking'}>
        Check again
      </button>
      {failure !== null && <p role="alert">Release Desk could not re-read the workspace: {failure}</p>}
    </>
  );
}
