import type { AutoRollbackPlan } from '../../../shared/monitor/monitor-ipc';
import { useNow } from '../release/use-now';
import { autoRollbackLine } from './auto-rollback-text';

/** The Monitor view's line about auto-rollback: armed, counting down, or not firing after the window. */
export function AutoRollbackNotice(props: { readonly plan: AutoRollbackPlan | null | undefined; readonly environment: string; readonly alertingSince: number | null }) {
  const now = useNow(1000);
  const line = autoRollbackLine(props.plan, props.environment, props.alertingSince, now);
  if (line === null) return null;
  return (
    <p className={line.state === 'armed' ? 'monitor-auto-rollback' : 'monitor-auto-rollback warning'} data-testid={`auto-rollback-${props.environment}`}>
      {line.text}
    </p>
  );
}
