import { useState } from 'react';
import type { BoardRow, BoardSnapshot } from '../../../shared/readiness/board-schema';
import { shown } from './display-name';
import { ageOf, describePublication, shortSha } from './format';
import { howDecided, whoYouAre } from './identity';

/** "I tested this manually": every checklist item ticked, for the branch's head commit. */
export function SignOffForm(props: { readonly row: BoardRow; readonly checklist: readonly string[]; readonly me: BoardSnapshot['me']; readonly now: Date }) {
  const { row, checklist } = props;
  const [ticked, setTicked] = useState<ReadonlySet<string>>(new Set());
  const [message, setMessage] = useState<{ readonly kind: 'status' | 'alert'; readonly text: string } | null>(null);
  const allTicked = checklist.every((item) => ticked.has(item));
  const signed = row.signOff;
  const signer = whoYouAre(props.me);

  const submit = async () => {
    const result = await window.desk.readiness.signOff(row.name, row.headSha, [...ticked]);
    if (result.ok) {
      const { signOff, publication } = result.value;
      setMessage({ kind: 'status', text: `Signed off ${shortSha(signOff.sha)} as ${signOff.by}. ${describePublication(publication)}` });
      setTicked(new Set());
    } else setMessage({ kind: 'alert', text: result.error.message });
  };

  return (
    <section aria-labelledby="sign-off-heading" className="panel">
      <h3 id="sign-off-heading">Manual testing</h3>
      <p>
        {signed === null
          ? 'Nobody has signed off manual testing on this branch.'
          : `Signed off by ${shown(signed.by)} on ${shortSha(signed.sha)} ${ageOf(signed.at, props.now)}${
              signed.sha === row.headSha ? '' : ' (an older commit: sign off again)'
            }.`}
      </p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <fieldset>
          <legend>Checklist for {shortSha(row.headSha)}</legend>
          {checklist.length === 0 && <p>The workspace lists no checklist items; signing off covers the change as a whole.</p>}
          {checklist.map((item) => (
            <label key={item} className="check-item">
              <input
                type="checkbox"
                checked={ticked.has(item)}
                onChange={(event) => {
                  const next = new Set(ticked);
                  if (event.target.checked) next.add(item);
                  else next.delete(item);
                  setTicked(next);
                }}
              />
              {item}
            </label>
          ))}
        </fieldset>
        <p aria-label="Who signs">
          {signer === null
            ? 'You cannot sign off yet: Release Desk does not know who you are (connect GitHub in Settings, or set git config user.email in the repository).'
            : `You sign as ${signer} (${howDecided(props.me)}).`}
        </p>
        <button type="submit" disabled={!allTicked || signer === null}>
          I tested this manually
        </button>
      </form>
      {message !== null && <p role={message.kind}>{message.text}</p>}
    </section>
  );
}
