import type { ReactNode } from 'react';
import { Link, Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { AuditLogPage } from '../features/audit/AuditLogPage';
import { DashboardPage } from '../features/dashboard/DashboardPage';
import { HostDetailPage } from '../features/hosts/HostDetailPage';
import { HostCreatePage, HostEditPage } from '../features/hosts/HostFormPages';
import { HostImportPage } from '../features/hosts/HostImportPage';
import { HostsListPage } from '../features/hosts/HostsListPage';
import { BatchJobPage } from '../features/isobuilder/BatchJobPage';
import { IsoBuilderPage } from '../features/isobuilder/IsoBuilderPage';
import { ProfileDetailPage } from '../features/profiles/ProfileDetailPage';
import { ProfileCreatePage, ProfileEditPage } from '../features/profiles/ProfileFormPages';
import { ProfilesListPage } from '../features/profiles/ProfilesListPage';
import { RoleMappingCreatePage, RoleMappingEditPage, RoleMappingsPage } from '../features/rolemappings/RoleMappingPages';
import { SettingsPage } from '../features/settings/SettingsPage';
import { NewTicketPage } from '../features/tickets/NewTicketPage';
import { OpenTaskCount } from '../features/tickets/OpenTaskCount';
import { TasksPage } from '../features/tickets/TasksPage';
import { TicketDetailPage } from '../features/tickets/TicketDetailPage';
import { TicketsListPage } from '../features/tickets/TicketsListPage';
import { TokensPage } from '../features/tokens/TokensPage';
import { UserCreatePage, UserEditPage, UsersPage } from '../features/users/UserPages';
import { WebhookDetailPage } from '../features/webhooks/WebhookDetailPage';
import { WebhookCreatePage, WebhookEditPage, WebhooksPage } from '../features/webhooks/WebhookPages';
import { Layout } from '../shared/layout/Layout';
import { PageHeader } from '../shared/layout/PageHeader';
import { EmptyState, Loading } from '../shared/ui/States';
import { useAuth } from './auth';
import { LiveEventsProvider } from './liveEvents';
import { LoginPage } from './LoginPage';
import type { Capability } from './permissions';

/** Sends signed-out users to the login page and brings them back afterwards. */
function RequireAuth({ children }: { children: ReactNode }) {
  const { user, loggedOut } = useAuth();
  const location = useLocation();
  if (user === undefined) return <Loading label="Checking your session…" />;
  // after an explicit logout the next person starts on their own start page, not on the last one's
  if (user === null) return <Navigate to="/login" replace state={loggedOut ? undefined : { from: location }} />;
  return children;
}

function RequireCapability({ capability, children }: { capability: Capability; children: ReactNode }) {
  const { can } = useAuth();
  if (!can(capability)) {
    return (
      <>
        <PageHeader title="Not allowed" />
        <EmptyState title="Your roles do not give access to this page.">
          <p>
            <Link to="/">Go to the start page</Link>
          </p>
        </EmptyState>
      </>
    );
  }
  return children;
}

/** The dashboard, or a welcome for an account without a console role (e.g. a worker account). */
function Home() {
  const { can } = useAuth();
  if (can('dashboard:read')) return <DashboardPage />;
  return (
    <>
      <PageHeader title="Welcome" />
      <EmptyState title="Your account has no role that grants access to this console.">
        <p>Ask an administrator to assign you a role.</p>
      </EmptyState>
    </>
  );
}

function NotFound() {
  return (
    <>
      <PageHeader title="Page not found" />
      <EmptyState title="There is nothing at this address.">
        <p>
          <Link to="/">Go to the start page</Link>
        </p>
      </EmptyState>
    </>
  );
}

/** The signed-in console: one live event stream (closed on logout), the open-task count only for those who have a task list. */
function LayoutWithBadges() {
  const { can, user } = useAuth();
  return (
    <LiveEventsProvider key={user?.username} enabled={can('dashboard:read')}>
      <Layout badges={can('tasks:work') ? { '/tasks': <OpenTaskCount /> } : undefined} />
    </LiveEventsProvider>
  );
}

const guard = (capability: Capability, page: ReactNode) => <RequireCapability capability={capability}>{page}</RequireCapability>;

export function AppRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route
        element={
          <RequireAuth>
            <LayoutWithBadges />
          </RequireAuth>
        }
      >
        <Route index element={<Home />} />
        <Route path="hosts" element={guard('hosts:read', <HostsListPage />)} />
        <Route path="hosts/new" element={guard('hosts:edit', <HostCreatePage />)} />
        <Route path="hosts/import" element={guard('hosts:edit', <HostImportPage />)} />
        <Route path="hosts/:id" element={guard('hosts:read', <HostDetailPage />)} />
        <Route path="hosts/:id/edit" element={guard('hosts:edit', <HostEditPage />)} />
        <Route path="profiles" element={guard('profiles:read', <ProfilesListPage />)} />
        <Route path="profiles/new" element={guard('profiles:edit', <ProfileCreatePage />)} />
        <Route path="profiles/:name" element={guard('profiles:read', <ProfileDetailPage />)} />
        <Route path="profiles/:name/edit" element={guard('profiles:edit', <ProfileEditPage />)} />
        <Route path="tickets" element={guard('tickets:read', <TicketsListPage />)} />
        <Route path="tickets/new" element={guard('tickets:create', <NewTicketPage />)} />
        <Route path="tickets/:id" element={guard('tickets:read', <TicketDetailPage />)} />
        <Route path="tasks" element={guard('tasks:work', <TasksPage />)} />
        <Route path="audit" element={guard('audit:read', <AuditLogPage />)} />
        <Route path="admin/users" element={guard('users:admin', <UsersPage />)} />
        <Route path="admin/users/new" element={guard('users:admin', <UserCreatePage />)} />
        <Route path="admin/users/:username" element={guard('users:admin', <UserEditPage />)} />
        <Route path="admin/webhooks" element={guard('webhooks:admin', <WebhooksPage />)} />
        <Route path="admin/webhooks/new" element={guard('webhooks:admin', <WebhookCreatePage />)} />
        <Route path="admin/webhooks/:id" element={guard('webhooks:admin', <WebhookDetailPage />)} />
        <Route path="admin/webhooks/:id/edit" element={guard('webhooks:admin', <WebhookEditPage />)} />
        <Route path="tokens" element={guard('tokens:own', <TokensPage />)} />
        <Route path="admin/role-mappings" element={guard('role-mappings:admin', <RoleMappingsPage />)} />
        <Route path="admin/role-mappings/new" element={guard('role-mappings:admin', <RoleMappingCreatePage />)} />
        <Route path="admin/role-mappings/:id" element={guard('role-mappings:admin', <RoleMappingEditPage />)} />
        <Route path="admin/settings" element={guard('settings:read', <SettingsPage />)} />
        <Route path="iso-builder" element={guard('batches:read', <IsoBuilderPage />)} />
        <Route path="iso-builder/batches/:id" element={guard('batches:read', <BatchJobPage />)} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
