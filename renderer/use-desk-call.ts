import { useCallback, useEffect, useState } from 'react';
import type { DeskFailure, Result } from '../shared/ipc/result';

export type CallState<T> =
  | { readonly phase: 'loading' }
  | { readonly phase: 'done'; readonly value: T }
  | { readonly phase: 'failed'; readonly error: DeskFailure };

/** Runs one desk call when the component mounts (and on reload()), tracking its outcome. */
export function useDeskCall<T>(call: () => Promise<Result<T>>): [CallState<T>, () => void] {
  const [state, setState] = useState<CallState<T>>({ phase: 'loading' });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let current = true;
    call().then(
      (result) => {
        if (!current) return;
        setState(result.ok ? { phase: 'done', value: result.value } : { phase: 'failed', error: result.error });
      },
      (error: unknown) => {
        if (current) setState({ phase: 'failed', error: { code: 'unavailable', message: String(error) } });
      },
    );
    return () => {
      current = false;
    };
    // The call is chosen once per component; reload() re-runs it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [generation]);
  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  return [state, reload];
}
