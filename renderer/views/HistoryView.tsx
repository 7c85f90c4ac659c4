import type { WorkspaceStatus } from '../../shared/domain/app';
import { EmptyState } from '../components/EmptyState';
import { WorkspaceGate } from '../components/WorkspaceGate';

export function HistoryView(props: { readonly workspace: WorkspaceStatus }) {
  return (
    <WorkspaceGate status={props.workspace} needs="History lists the recorded releases and rollbacks of a workspace.">
      {() => (
        <EmptyState title="No releases recorded">
          <p>Every release and rollback run from Release Desk is recorded here, with its audit trail.</p>
        </EmptyState>
      )}
    </WorkspaceGate>
  );
}
