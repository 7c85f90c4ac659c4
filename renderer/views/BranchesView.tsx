import type { WorkspaceStatus } from '../../shared/domain/app';
import { TrustBanner } from '../components/TrustBanner';
import { WorkspaceGate } from '../components/WorkspaceGate';
import { BranchesBoard } from './branches/BranchesBoard';

export function BranchesView(props: { readonly workspace: WorkspaceStatus }) {
  return (
    <>
      <TrustBanner status={props.workspace} />
      <WorkspaceGate status={props.workspace} needs="Branch readiness is read from a workspace's repository and CI.">
        {() => <BranchesBoard />}
      </WorkspaceGate>
    </>
  );
}
