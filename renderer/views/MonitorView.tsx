import type { WorkspaceStatus } from '../../shared/domain/app';
import { EmptyState } from '../components/EmptyState';
import { WorkspaceGate } from '../components/WorkspaceGate';

export function MonitorView(props: { readonly workspace: WorkspaceStatus }) {
  return (
    <WorkspaceGate status={props.workspace} needs="The monitor probes the health URLs a workspace's environments declare.">
      {() => (
        <EmptyState title="Nothing is being watched">
          <p>Production is watched from the moment a release reaches Stage 2.</p>
        </EmptyState>
      )}
    </WorkspaceGate>
  );
}
