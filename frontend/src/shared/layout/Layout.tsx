import { useState } from 'react';
import { NavLink, Outlet, useNavigate } from 'react-router-dom';
import { useAuth } from '../../app/auth';
import type { Capability } from '../../app/permissions';
import { normaliseRole } from '../../app/permissions';

interface NavItem {
  to: string;
  label: string;
  capability: Capability;
}

export const NAV_ITEMS: NavItem[] = [
  { to: '/hosts', label: 'Hosts', capability: 'hosts:read' },
  { to: '/profiles', label: 'Profiles', capability: 'profiles:read' },
  { to: '/audit', label: 'Audit log', capability: 'audit:read' },
];

export function Layout() {
  const { user, can, logout } = useAuth();
  const navigate = useNavigate();
  const [signingOut, setSigningOut] = useState(false);

  const onLogout = async () => {
    setSigningOut(true);
    try {
      await logout();
    } catch {
      // The session is cleared locally either way.
    } finally {
      setSigningOut(false);
      navigate('/login', { replace: true });
    }
  };

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <div className="topbar__inner">
          <NavLink to="/" className="brand">
            <span className="brand__mark" aria-hidden="true">
              B
            </span>
            Bootwarden
          </NavLink>
          <nav aria-label="Main" className="mainnav">
            <ul>
              {NAV_ITEMS.filter((item) => can(item.capability)).map((item) => (
                <li key={item.to}>
                  <NavLink to={item.to}>{item.label}</NavLink>
                </li>
              ))}
            </ul>
          </nav>
          {user && (
            <div className="userbox">
              <span className="userbox__name" title={user.roles.join(', ')}>
                <span className="visually-hidden">Signed in as </span>
                {user.username}
                <span className="userbox__roles">{user.roles.map(normaliseRole).join(', ').toLowerCase()}</span>
              </span>
              <button type="button" className="button button--small" onClick={onLogout} disabled={signingOut}>
                {signingOut ? 'Signing out…' : 'Log out'}
              </button>
            </div>
          )}
        </div>
      </header>
      <main id="main" className="content" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}
