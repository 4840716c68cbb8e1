import { useState } from 'preact/hooks';
import { Alert, messageOf } from './controls';
import { api } from './api';

/** The key becomes an HttpOnly session cookie: the page never keeps it. */
export function SignIn({ onSignedIn }: { onSignedIn: (session: { admin: boolean }) => void }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: Event) => {
    event.preventDefault();
    setError(null);
    try {
      onSignedIn(await api.signIn(key));
    } catch (e) {
      setError(messageOf(e));
    }
  };
  return (
    <main class="narrow">
      <h1>Attest</h1>
      <p>Tests a team can trust: sign in with one of this server's API keys.</p>
      <form onSubmit={(e) => void submit(e)}>
        <label for="api-key">API key</label>
        <input
          id="api-key"
          name="apiKey"
          type="password"
          autocomplete="current-password"
          required
          value={key}
          onInput={(e) => setKey(e.currentTarget.value)}
        />
        <button type="submit">Sign in</button>
        <Alert message={error} />
      </form>
    </main>
  );
}
