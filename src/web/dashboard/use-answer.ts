/** A panel's data: its operation's answer for the current variables, refetched on every refresh tick. */
import { useEffect, useState } from 'preact/hooks';
import type { TypedDocumentString } from '../__generated__/graphql.js';
import { KeyRefused, query, type Answer } from './api.js';

export interface PanelState<T> {
  answer: Answer<T> | null;
  error: string | null;
  /** True from the render that changes the variables or the tick until their answer (or error) is in. */
  loading: boolean;
}

interface Settled<T> {
  answer: Answer<T> | null;
  error: string | null;
  /** The variables and tick the answer or error is for. */
  key: string | null;
  tick: number;
}

/** `variables` null: not yet (the catalog has not answered, or a key is being asked for). `onKeyRefused` hears a 401. */
export function useAnswer<T, V>(doc: TypedDocumentString<T, V>, variables: V | null, tick: number, onKeyRefused: (message: string) => void): PanelState<T> {
  const key = variables === null ? null : JSON.stringify(variables);
  const [settled, setSettled] = useState<Settled<T>>({ answer: null, error: null, key: null, tick: -1 });
  useEffect(() => {
    if (variables === null) return;
    let current = true;
    query(doc, variables).then(
      (answer) => current && setSettled({ answer, error: null, key, tick }),
      (err: Error) => {
        if (!current) return;
        if (err instanceof KeyRefused) onKeyRefused(err.message);
        // A failed refresh keeps the last answer to the same question on screen, with the error beside it;
        // another question's answer goes.
        setSettled((s) => ({ answer: s.key === key ? s.answer : null, error: err.message, key, tick }));
      },
    );
    return () => {
      current = false;
    };
    // Keyed by the variables' text, their identity: a new object with the same variables is the same question.
  }, [doc, key, tick]);
  const loading = key !== null && (settled.key !== key || settled.tick !== tick);
  return { answer: settled.answer, error: loading ? null : settled.error, loading };
}
