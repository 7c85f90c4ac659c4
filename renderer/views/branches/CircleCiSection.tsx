import { useEffect, useState } from 'react';
import type { CircleCiDetails } from '../../../shared/ci/circleci-details';
import type { BoardRow } from '../../../shared/readiness/board-schema';
import { CircleCiPanel } from './CircleCiPanel';
import { shown } from './display-name';

type Load =
  | { readonly phase: 'loading'; readonly key: string }
  | { readonly phase: 'done'; readonly key: string; readonly details: CircleCiDetails }
  | { readonly phase: 'failed'; readonly key: string; readonly message: string };

/** Fetches CircleCI's details when a branch is opened (and when its head moves). */
export function CircleCiSection(props: { readonly row: BoardRow }) {
  const { name, headSha } = props.row;
  const key = `${name}@${headSha}`;
  const [load, setLoad] = useState<Load>({ phase: 'loading', key });
  useEffect(() => {
    let current = true;
    void window.desk.readiness.circleciDetails(name, headSha).then((result) => {
      if (!current) return;
      setLoad(result.ok ? { phase: 'done', key, details: result.value } : { phase: 'failed', key, message: result.error.message });
    });
    return () => {
      current = false;
    };
  }, [name, headSha, key]);
  if (load.key !== key || load.phase === 'loading') return <p role="status">Asking CircleCI about {shown(name)}…</p>;
  if (load.phase === 'failed') return <p role="alert">CircleCI details unavailable: {load.message}</p>;
  return <CircleCiPanel details={load.details} />;
}
