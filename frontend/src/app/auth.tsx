import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { onUnauthorized, refreshCsrfToken, requestJson, toApiError, type ApiError } from './api';
import { capabilitiesOf, type Capability } from './permissions';

export interface CurrentUser {
  username: string;
  roles: string[];
}

export interface AuthState {
  /** `undefined` while the session is being checked, `null` when signed out. */
  user: CurrentUser | null | undefined;
  /** Set when the session ended on its own (401 from a request), shown on the login page. */
  sessionExpired: boolean;
  /** Set by an explicit logout: the login page then starts afresh instead of returning to the last page. */
  loggedOut: boolean;
  login(username: string, password: string): Promise<CurrentUser>;
  logout(): Promise<void>;
  can(capability: Capability): boolean;
}

export const AuthContext = createContext<AuthState | null>(null);

export function useAuth(): AuthState {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth must be used inside <AuthProvider>');
  return value;
}

/** `const can = useCan(); can('hosts:edit')` */
export function useCan(): (capability: Capability) => boolean {
  return useAuth().can;
}

export function loginRequest(username: string, password: string): Promise<CurrentUser> {
  return requestJson<CurrentUser>('/api/auth/login', {
    method: 'POST',
    body: new URLSearchParams({ username, password }),
    skipUnauthorizedHandling: true,
  });
}

export async function fetchCurrentUser(signal?: AbortSignal): Promise<CurrentUser | null> {
  try {
    return await requestJson<CurrentUser>('/api/me', { signal, skipUnauthorizedHandling: true });
  } catch (error) {
    const apiError: ApiError = toApiError(error);
    if (apiError.isUnauthorized || apiError.isForbidden) return null;
    throw error;
  }
}

/** Builds the context value; exported so tests can provide a fixed user. */
export function authValue(
  user: CurrentUser | null | undefined,
  actions: Pick<AuthState, 'login' | 'logout'>,
  sessionExpired = false,
  loggedOut = false,
): AuthState {
  const capabilities = capabilitiesOf(user?.roles ?? []);
  return {
    user,
    sessionExpired,
    loggedOut,
    ...actions,
    can: (capability) => capabilities.has(capability),
  };
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<CurrentUser | null | undefined>(undefined);
  const [sessionExpired, setSessionExpired] = useState(false);
  const [loggedOut, setLoggedOut] = useState(false);
  const [bootError, setBootError] = useState<ApiError | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    (async () => {
      await refreshCsrfToken();
      try {
        const me = await fetchCurrentUser(controller.signal);
        setBootError(null);
        setUser(me);
      } catch (error) {
        if (!controller.signal.aborted) setBootError(toApiError(error));
      }
    })();
    return () => controller.abort();
  }, [attempt]);

  const userRef = useRef(user);
  useEffect(() => {
    userRef.current = user;
  }, [user]);

  useEffect(
    () =>
      onUnauthorized(() => {
        if (userRef.current) setSessionExpired(true);
        setUser(null);
      }),
    [],
  );

  const login = useCallback(async (username: string, password: string) => {
    const me = await loginRequest(username, password);
    // The server rotates the CSRF token when the session changes.
    await refreshCsrfToken();
    setSessionExpired(false);
    setLoggedOut(false);
    setUser({ username: me.username, roles: me.roles ?? [] });
    return me;
  }, []);

  const logout = useCallback(async () => {
    try {
      await requestJson<void>('/api/auth/logout', { method: 'POST', skipUnauthorizedHandling: true });
    } finally {
      setSessionExpired(false);
      setLoggedOut(true);
      setUser(null);
      await refreshCsrfToken();
    }
  }, []);

  const value = useMemo(
    () => authValue(user, { login, logout }, sessionExpired, loggedOut),
    [user, login, logout, sessionExpired, loggedOut],
  );

  if (bootError && user === undefined) {
    return (
      <div className="boot-error" role="alert">
        <h1>Bootwarden is not reachable</h1>
        <p>{bootError.message}</p>
        <button type="button" className="button" onClick={() => setAttempt((n) => n + 1)}>
          Try again
        </button>
      </div>
    );
  }

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}
