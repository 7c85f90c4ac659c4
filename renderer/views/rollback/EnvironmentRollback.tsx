import { useCallback, useEffect, useState } from 'react';
import type { RollbackPreview } from '../../../shared/releases/rollback-ipc';
import { RollbackButton } from './RollbackButton';
import { LockNotice } from './UnlockForm';

/**
 * An environment's rollback on the Monitor view: its lock (with the Unlock form) and the
 * Roll back button, which becomes the primary action while the environment is alerting.
 */
export function EnvironmentRollback(props: { readonly environment: string; readonly alerting: boolean; readonly shortcut: boolean }) {
  const { environment } = props;
  const [lock, setLock] = useState<RollbackPreview['lock']>(null);
  const [generation, setGeneration] = useState(0);
  const reread = useCallback(() => setGeneration((n) => n + 1), []);
  useEffect(() => {
    let current = true;
    void window.desk.rollback.preview(environment).then((result) => {
      if (current && result.ok) setLock(result.value.lock);
    });
    return () => {
      current = false;
    };
  }, [environment, generation]);
  return (
    <div className="environment-rollback">
      {lock !== null && <LockNotice environment={environment} lock={lock} onUnlocked={reread} />}
      <RollbackButton environment={environment} primary={props.alerting} shortcut={props.shortcut} onChanged={reread} />
    </div>
  );
}
