import type { WorkspaceStatus } from '../../shared/domain/app';
import { EmptyState } from '../components/EmptyState';
import { WorkspaceGate } from '../components/WorkspaceGate';

export function ReleaseView(props: { readonly workspace: WorkspaceStatus }) {
  return (
    <WorkspaceGate status={props.workspace} needs="A release takes a ready branch from a workspace through Stage 1 and Stage 2.">
      {() => (
        <EmptyState title="No release in progress">
          <p>Choose an eligible branch on the Branches view to start a release.</p>
        </EmptyState>
      )}
    </WorkspaceGate>
  );
}
