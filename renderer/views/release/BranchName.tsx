import { Fragment } from 'react';
import { revealInvisible } from '../../../shared/text/reveal-invisible';

/** Where a branch name may wrap: after its separators, never inside a word. */
export function branchNameParts(name: string): readonly string[] {
  return name.split(/(?<=[/_.-])/u);
}

/**
 * A branch name as text: invisible or direction-changing characters spelled out, and line
 * breaks offered only after `/`, `-`, `_` and `.` so a narrow column never splits a word.
 */
export function BranchName(props: { readonly name: string }) {
  const parts = branchNameParts(revealInvisible(props.name).text);
  return (
    <span className="branch-name">
      {parts.map((part, index) => (
        <Fragment key={index}>
          {part}
          {index < parts.length - 1 && <wbr />}
        </Fragment>
      ))}
    </span>
  );
}
