import { useState, type FormEvent } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { toApiError } from './api';
import { useAuth } from './auth';
import { useDocumentTitle } from '../shared/utils/useDocumentTitle';

interface FromState {
  from?: { pathname: string; search?: string };
}

export function LoginPage() {
  useDocumentTitle('Sign in');
  const { user, login, sessionExpired } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as FromState | null)?.from;
  const target = from ? `${from.pathname}${from.search ?? ''}` : '/';

  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (user) return <Navigate to={target} replace />;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!username.trim() || !password) {
      setError('Enter your username and password.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await login(username.trim(), password);
      navigate(target, { replace: true });
    } catch (failure) {
      const apiError = toApiError(failure);
      setError(
        apiError.isUnauthorized
          ? apiError.problem.detail || 'Wrong username or password.'
          : `Sign-in failed: ${apiError.problem.detail ?? apiError.message}`,
      );
      setPassword('');
      setBusy(false);
    }
  };

  return (
    <main className="login" id="main">
      <form className="login__card" onSubmit={submit} noValidate aria-labelledby="login-title">
        <h1 id="login-title" className="login__title">
          <span className="brand__mark" aria-hidden="true">
            B
          </span>
          Bootwarden
        </h1>
        <p className="muted">Sign in to manage host provisioning.</p>
        {sessionExpired && !error && (
          <div className="alert alert--info" role="status">
            Your session has ended. Please sign in again.
          </div>
        )}
        {error && (
          <div className="alert alert--error" role="alert" id="login-error">
            {error}
          </div>
        )}
        <div className="field">
          <label htmlFor="login-username">Username</label>
          <input
            id="login-username"
            name="username"
            autoComplete="username"
            autoFocus
            value={username}
            aria-describedby={error ? 'login-error' : undefined}
            onChange={(event) => setUsername(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="login-password">Password</label>
          <input
            id="login-password"
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            aria-describedby={error ? 'login-error' : undefined}
            onChange={(event) => setPassword(event.target.value)}
          />
        </div>
        <button type="submit" className="button button--primary button--block" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
