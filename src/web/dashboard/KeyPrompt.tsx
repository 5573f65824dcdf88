/** Asks for the gateway's API key; it is kept in this tab's session storage only. */
import { useState } from 'preact/hooks';

export function KeyPrompt(props: { error: string | null; onKey: (key: string) => void }) {
  const [key, setKey] = useState('');
  return (
    <form
      class="key-prompt"
      onSubmit={(e) => {
        e.preventDefault();
        if (key.trim()) props.onKey(key.trim());
      }}
    >
      <h2>API key</h2>
      <p>This gateway needs an API key (one of GATEWAY_API_KEYS). It is kept in this browser tab only, until the tab closes.</p>
      {props.error ? (
        <p class="error" role="alert">
          The gateway refused the key: {props.error}
        </p>
      ) : null}
      <input
        type="password"
        name="api-key"
        autocomplete="off"
        placeholder="API key"
        value={key}
        onInput={(e) => setKey((e.currentTarget as HTMLInputElement).value)}
      />
      <button type="submit">Use key</button>
    </form>
  );
}
