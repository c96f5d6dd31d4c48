import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router-dom';
import { vi } from 'vitest';
import { AuthContext, authValue, type CurrentUser } from '../app/auth';
import { AppRoutes } from '../app/router';

interface Options {
  user?: CurrentUser | null;
}

/** Renders the real routes at `path` for a signed-in user with the given roles. */
export function renderRoute(path: string, { user = null }: Options = {}) {
  const login = vi.fn(async () => user ?? { username: 'x', roles: [] });
  const logout = vi.fn(async () => undefined);
  const utils = render(
    <MemoryRouter initialEntries={[path]}>
      <AuthContext.Provider value={authValue(user, { login, logout })}>
        <AppRoutes />
      </AuthContext.Provider>
    </MemoryRouter>,
  );
  return { ...utils, user: userEvent.setup(), login, logout };
}
