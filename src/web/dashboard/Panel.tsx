/** A titled card: its content, and what is wrong with it in words instead of a blank. */
import type { ComponentChildren } from 'preact';

export function Panel(props: { title: string; id: string; error: string | null; loading: boolean; children?: ComponentChildren; actions?: ComponentChildren }) {
  return (
    <section class="panel" data-panel={props.id} aria-busy={props.loading}>
      <header>
        <h2>{props.title}</h2>
        {props.actions}
      </header>
      {props.error ? (
        <p class="error" role="alert">
          {props.error}
        </p>
      ) : null}
      {props.children}
    </section>
  );
}
