/**
 * GraphiQL at /graphiql, bundled: the editor (Monaco), its workers, the docs
 * explorer and history are served by the gateway, so it works offline. The
 * README's examples are its tabs; the session's API key rides on requests.
 */
import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import { GraphiQL } from 'graphiql';
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import readme from '../../../README.md?raw';
import { keyHeaders, keyRequired, storedKey } from '../key.js';
import { readmeOperations } from './examples.js';

type Params = { query: string; operationName?: string | null; variables?: unknown };

async function fetcher(params: Params, opts?: { headers?: Record<string, unknown> }) {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json', ...keyHeaders(storedKey()) };
  for (const [k, v] of Object.entries(opts?.headers ?? {})) if (typeof v === 'string' && v !== '') headers[k.toLowerCase()] = v;
  const res = await fetch('/graphql', { method: 'POST', headers, body: JSON.stringify(params) });
  return res.json();
}

// A key asked for but not yet given shows up in the headers editor, to be filled in.
const defaultHeaders = keyRequired() && !storedKey() ? JSON.stringify({ 'X-API-Key': '' }, null, 2) : undefined;

createRoot(document.getElementById('graphiql')!).render(
  createElement(GraphiQL, {
    fetcher,
    defaultTabs: readmeOperations(readme),
    defaultHeaders,
    // Headers hold keys: never written to local storage.
    shouldPersistHeaders: false,
  }),
);
