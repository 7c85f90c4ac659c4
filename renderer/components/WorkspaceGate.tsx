import type { ReactNode } from 'react';
import type { WorkspaceStatus } from '../../shared/domain/app';
import { EmptyState } from './EmptyState';

/**
 * Shows the view's content when a workspace can be used — also while release-desk.yml is
 * broken but its last valid version is still loaded, with a warning — and otherwise says,
 * in the view's own terms, what the user has to do first.
 */
export function WorkspaceGate(props: {
  readonly status: WorkspaceStatus;
  readonly needs: string;
  readonly children: () => ReactNode;
}) {
  const { status } = props;
  switch (status.kind) {
    case 'none':
      return (
        <EmptyState title="No workspace open">
          <p>{props.needs}</p>
          <p>{status.hint}</p>
        </EmptyState>
      );
    case 'invalid':
      if (status.usingLastValid === true) {
        return (
          <>
            <p role="alert" className="warning">
              release-desk.yml has {status.problems.length === 1 ? 'a problem' : `${status.problems.length} problems`} (see
              Settings); Release Desk keeps using the last valid configuration.
            </p>
            {props.children()}
          </>
        );
      }
      return (
        <EmptyState title="The workspace cannot be used">
          <p>
            Release Desk could not open <code>{status.path}</code>:
          </p>
          <ul aria-label="Workspace problems">
            {status.problems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
          <p>Fix the file and Release Desk picks it up; Settings lists the same problems.</p>
        </EmptyState>
      );
    case 'ready':
      return <>{props.children()}</>;
  }
}
