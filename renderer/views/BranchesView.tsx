import type { WorkspaceStatus } from '../../shared/domain/app';
import { EmptyState } from '../components/EmptyState';
import { WorkspaceGate } from '../components/WorkspaceGate';

export function BranchesView(props: { readonly workspace: WorkspaceStatus }) {
  return (
    <WorkspaceGate status={props.workspace} needs="Branch readiness is read from a workspace's repository and CI.">
      {(workspace) => (
        <EmptyState title="No branches yet">
          <p>
            Workspace <strong>{workspace.name}</strong> is open. Its branches appear here once Release Desk has read
            the repository.
          </p>
        </EmptyState>
      )}
    </WorkspaceGate>
  );
}
