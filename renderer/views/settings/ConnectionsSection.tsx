import { useId, useState, type FormEvent } from 'react';
import type { ConnectionOutcome, ConnectionSummary, TokenStorage } from '../../../shared/domain/connections';
import { SERVICE_LABELS } from '../../../shared/domain/services';
import { useDeskCall } from '../../use-desk-call';

/**
 * Settings → Connections: GitHub, CircleCI and Slack. A token typed here goes to the main
 * process once, is checked with the service and saved there only if accepted; this window
 * keeps nothing (the field is emptied on submit) and only ever hears back "connected as …"
 * or the service's reason. Consent to store tokens without a keyring is given in the main
 * process's own dialog: this window can only ask for it to be shown.
 */
export function ConnectionsSection() {
  const [connections, reloadConnections] = useDeskCall(() => window.desk.connections.list());
  const [storage, reloadStorage] = useDeskCall(() => window.desk.connections.storage());
  const reload = () => {
    reloadConnections();
    reloadStorage();
  };
  return (
    <section aria-labelledby="settings-connections" className="connections">
      <h2 id="settings-connections">Connections</h2>
      <p className="muted">
        Each token is checked with its service before it is saved, and kept by the main process in this computer&apos;s
        keyring. Release Desk&apos;s window never receives it back.
      </p>
      {storage.phase === 'done' && storage.value.protection === 'plaintext' && (
        <PlaintextRisk storage={storage.value} onAnswered={reloadStorage} />
      )}
      {connections.phase === 'loading' && <p>Loading connections…</p>}
      {connections.phase === 'failed' && <p role="alert">{connections.error.message}</p>}
      {connections.phase === 'done' &&
        connections.value.map((summary) => (
          <ServiceConnection key={summary.service} summary={summary} onChanged={reload} />
        ))}
    </section>
  );
}

function PlaintextRisk(props: { readonly storage: TokenStorage; readonly onAnswered: () => void }) {
  const { storage } = props;
  const [asking, setAsking] = useState(false);
  const [answer, setAnswer] = useState('');
  const ask = async () => {
    setAsking(true);
    setAnswer('');
    try {
      const result = await window.desk.connections.askPlaintextConsent();
      if (!result.ok) setAnswer(result.error.message);
      else if (result.value.plaintextAcceptedAt === null) setAnswer('Not accepted: tokens will not be stored on this computer.');
      props.onAnswered();
    } finally {
      setAsking(false);
    }
  };
  return (
    <div className="risk" role="note" aria-label="Token storage warning">
      <p>
        <strong>This computer offers no secure place for tokens.</strong> The system keyring is not available (storage
        backend: <code>{storage.backend}</code>), so a saved token would be readable by anyone who can read your files.
        Set up GNOME Keyring or KWallet and restart Release Desk, or accept the risk below.
      </p>
      {storage.plaintextAcceptedAt !== null ? (
        <p>You accepted storing tokens without encryption on {formatDate(storage.plaintextAcceptedAt)}.</p>
      ) : (
        <p>
          <button type="button" onClick={() => void ask()} disabled={asking} aria-busy={asking}>
            Store tokens without encryption…
          </button>{' '}
          <span className="muted">Release Desk asks you to confirm in its own dialog.</span>
        </p>
      )}
      <p role="status" aria-label="Token storage consent result">
        {answer}
      </p>
    </div>
  );
}

interface Message {
  readonly tone: 'success' | 'problem';
  readonly text: string;
}

function ServiceConnection(props: { readonly summary: ConnectionSummary; readonly onChanged: () => void }) {
  const { summary } = props;
  const label = SERVICE_LABELS[summary.service];
  const inputId = useId();
  const headingId = useId();
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState<'idle' | 'connecting' | 'disconnecting'>('idle');
  const [message, setMessage] = useState<Message | null>(null);

  const connect = async (event: FormEvent) => {
    event.preventDefault();
    const offered = token;
    // The window keeps no copy: the field is emptied before the call even starts.
    setToken('');
    if (offered.trim() === '') {
      setMessage({ tone: 'problem', text: `Paste a ${label} token first.` });
      return;
    }
    setBusy('connecting');
    setMessage(null);
    try {
      const result = await window.desk.connections.connect(summary.service, offered);
      setMessage(result.ok ? describeOutcome(result.value, label) : { tone: 'problem', text: result.error.message });
    } finally {
      setBusy('idle');
      props.onChanged();
    }
  };

  const disconnect = async () => {
    setBusy('disconnecting');
    setMessage(null);
    try {
      const result = await window.desk.connections.disconnect(summary.service);
      setMessage(
        result.ok
          ? { tone: 'success', text: `Disconnected from ${label}; the token was deleted.` }
          : { tone: 'problem', text: result.error.message },
      );
    } finally {
      setBusy('idle');
      props.onChanged();
    }
  };

  return (
    <section className="connection" aria-labelledby={headingId}>
      <h3 id={headingId}>{label}</h3>
      <p>
        {summary.state === 'connected' ? (
          <>
            Connected as <strong>{summary.connectedAs}</strong>
            {summary.savedAt !== undefined && <> (token saved {formatDate(summary.savedAt)})</>}
          </>
        ) : (
          'Not connected'
        )}
      </p>
      {summary.notice !== undefined && <p className="problem">{summary.notice}</p>}
      <ApiUrlForm summary={summary} label={label} onChanged={props.onChanged} />
      <form onSubmit={(event) => void connect(event)} className="connection-form">
        <label htmlFor={inputId}>{label} token</label>
        <input
          id={inputId}
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={token}
          onChange={(event) => setToken(event.target.value)}
          disabled={busy !== 'idle'}
        />
        <button type="submit" disabled={busy !== 'idle'} aria-busy={busy === 'connecting'}>
          Connect {label}
        </button>
        {summary.state === 'connected' && (
          <button type="button" onClick={() => void disconnect()} disabled={busy !== 'idle'} aria-busy={busy === 'disconnecting'}>
            Disconnect {label}
          </button>
        )}
      </form>
      <p role="status" aria-label={`${label} connection result`} className={message?.tone === 'problem' ? 'problem' : undefined}>
        {busy === 'connecting' ? `Checking the token with ${label}…` : (message?.text ?? '')}
      </p>
    </section>
  );
}

/** Where the service's API is: GitHub Enterprise or a self-hosted CircleCI set it here. */
function ApiUrlForm(props: { readonly summary: ConnectionSummary; readonly label: string; readonly onChanged: () => void }) {
  const { summary, label } = props;
  const inputId = useId();
  const [draft, setDraft] = useState<string | null>(null);
  const [message, setMessage] = useState<Message | null>(null);
  const fromEnvironment = summary.baseUrlSource === 'environment';
  const save = async (event: FormEvent, url: string) => {
    event.preventDefault();
    const result = await window.desk.connections.setApiUrl(summary.service, url);
    if (result.ok) {
      setDraft(null);
      setMessage({ tone: result.value.tokenForgotten ? 'problem' : 'success', text: result.value.message });
      props.onChanged();
    } else setMessage({ tone: 'problem', text: result.error.message });
  };
  return (
    <form onSubmit={(event) => void save(event, draft ?? summary.baseUrl)} className="connection-form">
      <label htmlFor={inputId}>{label} API address</label>
      <input
        id={inputId}
        type="url"
        spellCheck={false}
        value={draft ?? summary.baseUrl}
        onChange={(event) => setDraft(event.target.value)}
        disabled={fromEnvironment}
      />
      <button type="submit" disabled={fromEnvironment || draft === null}>
        Save {label} API address
      </button>
      {summary.baseUrlSource === 'settings' && (
        <button type="button" onClick={(event) => void save(event, '')}>
          Use the default {label} address
        </button>
      )}
      {fromEnvironment && <span className="muted">set by an environment variable, which wins over Settings</span>}
      <p role="status" aria-label={`${label} API address result`} className={message?.tone === 'problem' ? 'problem' : undefined}>
        {message?.text ?? ''}
      </p>
    </form>
  );
}

function describeOutcome(outcome: ConnectionOutcome, label: string): Message {
  switch (outcome.kind) {
    case 'connected':
      return { tone: 'success', text: `Connected as ${outcome.connectedAs}` };
    case 'refused':
      return { tone: 'problem', text: `${label} refused the token: ${outcome.reason}` };
    case 'unreachable':
      return { tone: 'problem', text: `Could not reach ${label} (${outcome.reason}); the token was not saved.` };
  }
}

function formatDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}
