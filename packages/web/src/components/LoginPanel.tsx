import { useState } from 'react';
import { signingAvailable } from '../api/sign.ts';
import { useSession } from '../hooks/session.tsx';
import { ErrorText, Panel, useAction } from './common.tsx';

/** Paste an API key and secret; they stay in this tab's sessionStorage and sign in the browser. */
export function LoginPanel({ onDone }: { onDone: () => void }) {
  const session = useSession();
  const [apiKey, setApiKey] = useState('');
  const [secret, setSecret] = useState('');
  const action = useAction();
  const submit = async () => {
    const ok = await action.run(async () => {
      await session.login({ apiKey: apiKey.trim(), secret: secret.trim() });
      return true;
    });
    if (ok) {
      setSecret('');
      onDone();
    }
  };
  if (session.credentials) {
    const key = session.credentials.apiKey;
    return (
      <Panel title="Account" className="side-panel">
        <p>
          Account <b data-testid="account-id">{session.accountId ?? '…'}</b>, key{' '}
          <code>
            {key.slice(0, 6)}…{key.slice(-4)}
          </code>
        </p>
        <button type="button" onClick={session.logout}>
          Log out
        </button>
      </Panel>
    );
  }
  return (
    <Panel title="Log in" className="side-panel">
      <form
        className="stack"
        aria-label="Log in"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <label className="field">
          <span>API key</span>
          <input
            value={apiKey}
            onChange={(e) => setApiKey(e.target.value)}
            autoComplete="off"
            spellCheck={false}
          />
        </label>
        <label className="field">
          <span>Secret</span>
          <input
            type="password"
            value={secret}
            onChange={(e) => setSecret(e.target.value)}
            autoComplete="off"
          />
        </label>
        <button type="submit" className="primary" disabled={action.busy || apiKey === '' || secret === ''}>
          Log in
        </button>
        <ErrorText error={action.error} />
        {!signingAvailable() && (
          <p className="error">
            This page is not a secure context (https or localhost): the browser cannot sign requests.
          </p>
        )}
        <p className="muted hint">
          <code>npm start</code> prints a demo key and secret. They are kept only in this tab (sessionStorage)
          and requests are signed here with HMAC-SHA256.
        </p>
      </form>
    </Panel>
  );
}
