import { useId, useState, type FormEvent } from 'react';

/** Settings → "Open a workspace": a folder holding release-desk.yml, remembered for next time. */
export function OpenWorkspaceForm(props: { readonly onOpened: () => void }) {
  const inputId = useId();
  const [folder, setFolder] = useState('');
  const [message, setMessage] = useState<{ readonly tone: 'success' | 'problem'; readonly text: string } | null>(null);
  const open = async (event: FormEvent) => {
    event.preventDefault();
    const result = await window.desk.workspace.open(folder);
    if (result.ok) {
      setFolder('');
      const status = result.value;
      setMessage(
        status.kind === 'ready'
          ? { tone: 'success', text: `Opened ${status.name}.` }
          : { tone: 'problem', text: 'Opened, but release-desk.yml has problems (listed above).' },
      );
      props.onOpened();
    } else setMessage({ tone: 'problem', text: result.error.message });
  };
  return (
    <form onSubmit={(event) => void open(event)} className="connection-form">
      <label htmlFor={inputId}>Workspace folder</label>
      <input
        id={inputId}
        type="text"
        spellCheck={false}
        placeholder="/home/you/src/web (the folder with release-desk.yml)"
        value={folder}
        onChange={(event) => setFolder(event.target.value)}
      />
      <button type="submit" disabled={folder.trim() === ''}>
        Open workspace
      </button>
      <p role="status" aria-label="Open workspace result" className={message?.tone === 'problem' ? 'problem' : undefined}>
        {message?.text ?? ''}
      </p>
    </form>
  );
}
