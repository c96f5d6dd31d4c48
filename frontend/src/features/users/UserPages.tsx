import { useCallback, useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router-dom';
import { useAuth } from '../../app/auth';
import { PageHeader } from '../../shared/layout/PageHeader';
import { ErrorSummary, Field, FormActions } from '../../shared/ui/Field';
import { EmptyState, ErrorMessage, Loading, Notice } from '../../shared/ui/States';
import { formatDateTime } from '../../shared/utils/format';
import { useApiForm } from '../../shared/utils/useApiForm';
import { useAsync } from '../../shared/utils/useAsync';
import { useDocumentTitle } from '../../shared/utils/useDocumentTitle';
import { createUser, getUser, listUsers, setUserPassword, updateUser, type LocalUser, type NewUserInput, type UserChanges } from './api';
import { UserForm } from './UserForm';
import { emptyUserForm, formToNewUser, formToUserChanges, MIN_PASSWORD_LENGTH, passwordError, userToForm } from './userForm';

const USERS = '/admin/users';
export const userPath = (username: string) => `${USERS}/${encodeURIComponent(username)}`;
const back = { to: USERS, label: 'Users' };

function useFlash(): string | null {
  return (useLocation().state as { flash?: string } | null)?.flash ?? null;
}

function Roles({ user }: { user: LocalUser }) {
  return (
    <>
      {user.roles.map((role) => (
        <span key={role} className="chip">
          {role}
        </span>
      ))}
    </>
  );
}

export function UsersPage() {
  useDocumentTitle('Users');
  const users = useAsync(listUsers);
  const flash = useFlash();
  return (
    <>
      <PageHeader
        title="Users"
        actions={
          <Link to={`${USERS}/new`} className="button button--primary">
            New user
          </Link>
        }
      >
        <p className="muted">Local accounts. Directory users sign in with their directory password and get their roles from their groups.</p>
      </PageHeader>
      {flash && <Notice kind="success">{flash}</Notice>}
      {users.error && <ErrorMessage error={users.error} title="Could not load the users" onRetry={users.reload} />}
      {!users.data && !users.error && <Loading label="Loading users…" />}
      {users.data && users.data.length === 0 && <EmptyState title="No local users" />}
      {users.data && users.data.length > 0 && (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">Local users</caption>
            <thead>
              <tr>
                <th scope="col">User name</th>
                <th scope="col">Display name</th>
                <th scope="col">Roles</th>
                <th scope="col">Status</th>
                <th scope="col">Last change</th>
              </tr>
            </thead>
            <tbody>
              {users.data.map((user) => (
                <tr key={user.username}>
                  <td>
                    <Link to={userPath(user.username)} className="mono">
                      {user.username}
                    </Link>
                  </td>
                  <td>{user.displayName}</td>
                  <td>
                    <Roles user={user} />
                  </td>
                  <td>{user.enabled ? 'enabled' : <span className="badge badge--neutral">disabled</span>}</td>
                  <td>
                    <time dateTime={user.updatedAt}>{formatDateTime(user.updatedAt)}</time>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

export function UserCreatePage() {
  useDocumentTitle('New user');
  const navigate = useNavigate();
  const save = async (input: NewUserInput) => {
    const created = await createUser(input);
    navigate(USERS, { state: { flash: `User ${created.username} created with roles ${created.roles.join(', ')}.` } });
  };
  return (
    <>
      <PageHeader title="New user" back={back} />
      <UserForm mode="create" initial={emptyUserForm()} toInput={formToNewUser} submitLabel="Create user" onSubmit={save} onCancel={() => navigate(USERS)} />
    </>
  );
}

function PasswordForm({ username, onDone }: { username: string; onDone(message: string): void }) {
  const toInput = (values: { password: string }) => {
    const error = passwordError(values.password);
    return { input: values.password, errors: error ? { password: error } : ({} as Record<string, string>) };
  };
  const save = async (password: string) => {
    await setUserPassword(username, password);
    onDone(`New password set for ${username}.`);
  };
  const { values, set, errors, failure, saving, failedSubmits, submit } = useApiForm({ password: '' }, toInput, save);
  return (
    <form className="form" onSubmit={submit} noValidate aria-label="Set password" aria-busy={saving}>
      <ErrorSummary errors={errors} labels={{ password: 'New password' }} focusToken={failedSubmits} />
      {failure && <ErrorMessage error={failure} title="The password could not be set" />}
      <Field name="password" label="New password" error={errors.password} required hint={`At least ${MIN_PASSWORD_LENGTH} characters.`}>
        {(props) => (
          <input {...props} type="password" autoComplete="new-password" value={values.password} onChange={(e) => set('password', e.target.value)} />
        )}
      </Field>
      <FormActions submitLabel="Set password" saving={saving} onCancel={() => set('password', '')} />
    </form>
  );
}

export function UserEditPage() {
  const { username = '' } = useParams();
  const { user: me } = useAuth();
  const navigate = useNavigate();
  const load = useCallback((signal: AbortSignal) => getUser(username, signal), [username]);
  const user = useAsync(load);
  const [flash, setFlash] = useState<string | null>(null);
  const [passwordKey, setPasswordKey] = useState(0);
  useDocumentTitle(`User ${username}`);

  if (user.error && !user.data) {
    return (
      <>
        <PageHeader title={`User ${username}`} back={back} />
        <ErrorMessage
          error={user.error}
          title={user.error.isNotFound ? 'This user does not exist' : 'Could not load the user'}
          onRetry={user.error.isNotFound ? undefined : user.reload}
        />
      </>
    );
  }
  if (!user.data) return <Loading label="Loading user…" />;
  const current = user.data;

  const save = async (changes: UserChanges) => {
    const saved = await updateUser(current.username, changes);
    user.setData(saved);
    setFlash(`Changes to ${saved.username} saved: roles ${saved.roles.join(', ')}${saved.enabled ? '' : ', disabled'}.`);
  };

  return (
    <>
      <PageHeader title={`User ${current.username}`} back={back}>
        <p className="muted">
          Created <time dateTime={current.createdAt}>{formatDateTime(current.createdAt)}</time>, last changed{' '}
          <time dateTime={current.updatedAt}>{formatDateTime(current.updatedAt)}</time>.
          {me?.username === current.username && ' This is you: you cannot disable yourself or remove your own ADMIN role.'}
        </p>
      </PageHeader>
      {flash && <Notice kind="success">{flash}</Notice>}
      <section className="page-section" aria-labelledby="user-edit-heading">
        <h2 id="user-edit-heading">Roles and status</h2>
        <UserForm
          key={current.updatedAt}
          mode="edit"
          initial={userToForm(current)}
          toInput={formToUserChanges}
          submitLabel="Save changes"
          onSubmit={save}
          onCancel={() => navigate(USERS)}
        />
      </section>
      <section className="page-section" aria-labelledby="user-password-heading">
        <h2 id="user-password-heading">Password</h2>
        <PasswordForm
          key={passwordKey}
          username={current.username}
          onDone={(message) => {
            setFlash(message);
            setPasswordKey((n) => n + 1);
          }}
        />
      </section>
    </>
  );
}
