import { useState, type ReactNode } from 'react';
import { Link, NavLink, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useAuth } from '../../app/auth';
import { LiveStatusIndicator } from '../../app/liveEvents';
import type { Capability } from '../../app/permissions';
import { normaliseRole } from '../../app/permissions';

interface NavItem {
  to: string;
  label: string;
  capability: Capability;
}

export const NAV_ITEMS: NavItem[] = [
  { to: '/', label: 'Dashboard', capability: 'dashboard:read' },
  { to: '/hosts', label: 'Hosts', capability: 'hosts:read' },
  { to: '/tickets', label: 'Tickets', capability: 'tickets:read' },
  { to: '/tasks', label: 'Tasks', capability: 'tasks:work' },
  { to: '/profiles', label: 'Profiles', capability: 'profiles:read' },
  { to: '/iso-builder', label: 'ISO builder', capability: 'batches:read' },
  { to: '/audit', label: 'Audit log', capability: 'audit:read' },
  { to: '/admin/users', label: 'Users', capability: 'users:admin' },
  { to: '/admin/role-mappings', label: 'Role mappings', capability: 'role-mappings:admin' },
  { to: '/admin/webhooks', label: 'Webhooks', capability: 'webhooks:admin' },
  { to: '/admin/settings', label: 'Settings', capability: 'settings:read' },
  { to: '/tokens', label: 'API tokens', capability: 'tokens:own' },
  { to: '/tickets/new', label: 'New ticket', capability: 'tickets:create' },
];

/** The item whose path is the longest prefix of `pathname` (so /tickets/new is not also "Tickets"). */
function activeItem(pathname: string): string | undefined {
  return NAV_ITEMS.filter((item) => pathname === item.to || pathname.startsWith(`${item.to}/`))
    .map((item) => item.to)
    .sort((a, b) => b.length - a.length)[0];
}

interface LayoutProps {
  /** Extra content after a navigation item's label, by path (e.g. a count of open tasks). */
  badges?: Partial<Record<string, ReactNode>>;
}

export function Layout({ badges = {} }: LayoutProps) {
  const { user, can, logout } = useAuth();
  const navigate = useNavigate();
  const active = activeItem(useLocation().pathname);
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
                  <Link
                    to={item.to}
                    className={item.to === active ? 'active' : undefined}
                    aria-current={item.to === active ? 'page' : undefined}
                  >
                    {item.label}
                    {badges[item.to]}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
          {user && (
            <div className="userbox">
              <LiveStatusIndicator />
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
