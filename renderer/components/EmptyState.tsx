import type { ReactNode } from 'react';

export function EmptyState(props: { readonly title: string; readonly children: ReactNode }) {
  return (
    <section className="empty-state" aria-label={props.title}>
      <h2>{props.title}</h2>
      {props.children}
    </section>
  );
}
