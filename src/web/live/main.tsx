/**
 * The wallboard at /live: the contact center now, in numbers readable from
 * across a room, pushed over one WebSocket (graphql-ws) whenever they
 * change. "Stale" when the gateway says its feed has not been confirmed for
 * two poll intervals, or when the connection is down.
 */
import { createClient } from 'graphql-ws';
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { WallboardSubscription as Update } from '../__generated__/graphql.js';
import { KeyPrompt } from '../dashboard/KeyPrompt.js';
import { formatValue } from '../dashboard/format.js';
import { keyRequired, storedKey, storeKey } from '../key.js';
import { WallboardSubscription } from './operations.js';
import './style.css';

type Live = Update['liveSkills'];

function Wallboard(props: { onRefused: (message: string) => void }) {
  const [live, setLive] = useState<Live | null>(null);
  const [down, setDown] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const client = createClient({
      url: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`,
      connectionParams: () => (storedKey() ? { apiKey: storedKey() } : {}),
      retryAttempts: Infinity,
      shouldRetry: () => true,
      on: {
        connected: () => setDown(null),
        closed: (e) => {
          const code = (e as { code?: number }).code;
          if (code === 4403) props.onRefused('the gateway refused the key');
          else setDown('the connection to the gateway is down; reconnecting');
        },
      },
    });
    const stop = client.subscribe<Update>(
      { query: WallboardSubscription.toString() },
      {
        next: (r) => {
          if (r.errors?.length) setError(r.errors.map((e) => e.message).join('; '));
          if (r.data) {
            setError(null);
            setLive(r.data.liveSkills);
          }
        },
        error: (e) => setError(Array.isArray(e) ? e.map((x: Error) => x.message).join('; ') : String((e as Error).message ?? e)),
        complete: () => {},
      },
    );
    return () => {
      stop();
      void client.dispose();
    };
  }, []);

  const stale = live?.stale || down !== null;
  const t = live?.totals;
  const tiles: [string, string, string | number | null | undefined][] = [
    ['queue', 'In queue', t?.queueCount],
    ['wait', 'Longest wait', formatValue(t?.longestWaitSeconds, 'seconds')],
    ['available', 'Available', t?.agentsAvailable],
    ['working', 'On contacts', t?.agentsWorking],
    ['acw', 'After-contact work', t?.agentsAcw],
    ['sl', 'Service level today', formatValue(t?.serviceLevel, 'percent')],
  ];
  return (
    <main class={stale ? 'stale' : ''} data-as-of={live?.asOf ?? ''}>
      <header>
        <h1>Now</h1>
        <span class="as-of">{live?.asOf ? `as of ${new Date(live.asOf).toLocaleTimeString()}` : 'waiting for the first snapshot'}</span>
        {stale ? (
          <span class="badge" data-badge="stale">
            {down ?? 'stale: not confirmed by CXone for two poll intervals'}
          </span>
        ) : null}
      </header>
      {error ? (
        <p class="error" role="alert">
          {error}
        </p>
      ) : null}
      <section class="tiles">
        {tiles.map(([id, label, value]) => (
          <div class="tile" data-tile={id} key={id}>
            <div class="value">{value ?? '–'}</div>
            <div class="label">{label}</div>
          </div>
        ))}
      </section>
      <table>
        <thead>
          <tr>
            <th>Skill</th>
            <th>Channel</th>
            <th>In queue</th>
            <th>Longest wait</th>
            <th>Available</th>
            <th>Service level</th>
          </tr>
        </thead>
        <tbody>
          {(live?.skills ?? [])
            .filter((k) => (k.queueCount ?? 0) > 0 || k.serviceLevel !== null)
            .map((k) => (
              <tr
                key={k.skillId}
                data-skill={k.skill}
                class={k.serviceLevel !== null && k.serviceLevelGoal !== null && k.serviceLevel < k.serviceLevelGoal ? 'below' : ''}
              >
                <th>{k.skill}</th>
                <td>{k.channel}</td>
                <td data-field="queueCount">{k.queueCount}</td>
                <td>{formatValue(k.longestWaitSeconds, 'seconds')}</td>
                <td>{k.agentsAvailable}</td>
                <td>{formatValue(k.serviceLevel, 'percent')}</td>
              </tr>
            ))}
        </tbody>
      </table>
    </main>
  );
}

function App() {
  const [prompt, setPrompt] = useState<{ error: string | null } | null>(() => (keyRequired() && !storedKey() ? { error: null } : null));
  if (prompt)
    return (
      <main>
        <KeyPrompt
          error={prompt.error}
          onKey={(key) => {
            storeKey(key);
            setPrompt(null);
          }}
        />
      </main>
    );
  return (
    <Wallboard
      onRefused={(message) => {
        storeKey(null);
        setPrompt({ error: message });
      }}
    />
  );
}

const root = document.getElementById('app')!;
root.textContent = '';
render(<App />, root);
