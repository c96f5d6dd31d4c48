import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router-dom';
import { describe, expect, it } from 'vitest';
import { json, mockFetch, problem, type Handler } from '../test/http';
import { pageOf } from '../test/fixtures';
import { AuthProvider } from './auth';
import { AppRoutes } from './router';

function renderApp(handler: Handler, path = '/hosts') {
  const http = mockFetch(handler);
  render(
    <MemoryRouter initialEntries={[path]}>
      <AuthProvider>
        <AppRoutes />
      </AuthProvider>
    </MemoryRouter>,
  );
  return { ...http, user: userEvent.setup() };
}

const signedOut: Handler = (request) => {
  if (request.path === '/api/auth/csrf') return json({ token: 'csrf-1', headerName: 'X-XSRF-TOKEN' });
  if (request.path === '/api/me') return problem(401, { title: 'Unauthorized' });
  return undefined;
};

describe('LoginPage', () => {
  it('shows the error from a 401 and keeps the user on the login form', async () => {
    const { user, requests } = renderApp((request) => {
      if (request.path === '/api/auth/login') {
        return problem(401, { title: 'Unauthorized', detail: 'Bad credentials' });
      }
      return signedOut(request);
    });

    await user.type(await screen.findByLabelText('Username'), 'ada');
    await user.type(screen.getByLabelText('Password'), 'wrong');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('Bad credentials');
    expect(screen.getByLabelText('Password')).toHaveValue('');
    expect(screen.getByLabelText('Username')).toHaveValue('ada');

    const login = requests.find((r) => r.path === '/api/auth/login')!;
    expect(login.method).toBe('POST');
    expect(login.headers.get('Content-Type')).toContain('application/x-www-form-urlencoded');
    expect(new URLSearchParams(login.body ?? '').get('username')).toBe('ada');
    expect(new URLSearchParams(login.body ?? '').get('password')).toBe('wrong');
    expect(login.headers.get('X-XSRF-TOKEN')).toBe('csrf-1');
  });

  it('falls back to a generic message when the 401 has no detail', async () => {
    const { user } = renderApp((request) =>
      request.path === '/api/auth/login' ? problem(401, { title: 'Unauthorized' }) : signedOut(request),
    );

    await user.type(await screen.findByLabelText('Username'), 'ada');
    await user.type(screen.getByLabelText('Password'), 'nope');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('Wrong username or password.');
  });

  it('asks for both fields before calling the server', async () => {
    const { user, requests } = renderApp(signedOut);

    await user.click(await screen.findByRole('button', { name: 'Sign in' }));

    expect(screen.getByRole('alert')).toHaveTextContent('Enter your username and password.');
    expect(requests.some((r) => r.path === '/api/auth/login')).toBe(false);
  });

  it('signs in and returns to the page that was asked for', async () => {
    const { user } = renderApp((request) => {
      if (request.path === '/api/auth/login') return json({ username: 'ada', roles: ['ADMIN'] });
      if (request.path === '/api/hosts') return json(pageOf([]));
      if (request.path === '/api/profiles') return json([]);
      return signedOut(request);
    });

    await user.type(await screen.findByLabelText('Username'), 'ada');
    await user.type(screen.getByLabelText('Password'), 'secret');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('heading', { name: 'Hosts', level: 1 })).toBeInTheDocument();
    expect(screen.getByText('ada')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Log out' })).toBeInTheDocument();
  });

  it('after a logout the next person starts on the dashboard, not on the last page', async () => {
    const { user } = renderApp((request) => {
      if (request.path === '/api/auth/login') {
        const name = new URLSearchParams(request.body ?? '').get('username');
        return json({ username: name, roles: name === 'ada' ? ['ADMIN'] : ['REQUESTER'] });
      }
      if (request.path === '/api/auth/logout') return new Response(null, { status: 204 });
      if (request.path === '/api/hosts' || request.path === '/api/tickets') return json(pageOf([]));
      if (request.path === '/api/profiles') return json([]);
      return signedOut(request);
    });

    await user.type(await screen.findByLabelText('Username'), 'ada');
    await user.type(screen.getByLabelText('Password'), 'secret');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    await screen.findByRole('heading', { name: 'Hosts', level: 1 });
    await user.click(screen.getByRole('button', { name: 'Log out' }));

    await user.type(await screen.findByLabelText('Username'), 'rita');
    await user.type(screen.getByLabelText('Password'), 'secret');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('heading', { name: 'Dashboard', level: 1 })).toBeInTheDocument();
  });
});
