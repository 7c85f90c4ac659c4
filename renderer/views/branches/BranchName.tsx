import { Fragment } from 'react';
import { displayName, invisibleWarnings } from './display-name';

/** A branch name as text that wraps at its slashes; the full (revealed) name is its tooltip. */
export function BranchNameText(props: { readonly name: string; readonly unshortened?: boolean }) {
  const name = displayName(props.name);
  const segments = props.unshortened === true ? name.full.split(/(?<=\/)/) : name.segments;
  return (
    <span className="branch-name" title={name.full}>
      {segments.map((segment, index) => (
        <Fragment key={index}>
          <span className="name-segment">{segment}</span>
          <wbr />
        </Fragment>
      ))}
    </span>
  );
}

/** The visible warnings of a row or a detail whose texts hid characters. */
export function InvisibleWarnings(props: { readonly branch: string; readonly author: string; readonly title?: string }) {
  const warnings = invisibleWarnings(props);
  if (warnings.length === 0) return null;
  return (
    <ul className="name-warnings" aria-label="Warnings">
      {warnings.map((warning) => (
        <li key={warning} className="name-warning">
          ⚠ {warning}
        </li>
      ))}
    </ul>
  );
}
