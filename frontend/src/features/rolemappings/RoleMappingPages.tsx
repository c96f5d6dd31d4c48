import { useCallback } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router-dom';
import { PageHeader } from '../../shared/layout/PageHeader';
import { DeleteButton } from '../../shared/ui/DeleteButton';
import { Detail } from '../../shared/ui/Details';
import { EmptyState, ErrorMessage, Loading, Notice } from '../../shared/ui/States';
import { formatDateTime } from '../../shared/utils/format';
import { useAsync } from '../../shared/utils/useAsync';
import { useDocumentTitle } from '../../shared/utils/useDocumentTitle';
import { directorySources, getSettings } from '../settings/api';
import {
  ANY_SOURCE,
  configuredProperty,
  createRoleMapping,
  deleteRoleMapping,
  getRoleMapping,
  listRoleMappings,
  updateRoleMapping,
  type RoleMapping,
  type RoleMappingInput,
} from './api';
import { RoleMappingForm } from './RoleMappingForm';
import { emptyRoleMappingForm, roleMappingToForm } from './roleMappingForm';

const ROLE_MAPPINGS = '/admin/role-mappings';
export const roleMappingPath = (id: string) => `${ROLE_MAPPINGS}/${encodeURIComponent(id)}`;
const back = { to: ROLE_MAPPINGS, label: 'Role mappings' };

const sourceText = (source: string) => (source === ANY_SOURCE ? 'every directory source' : source);

function Roles({ mapping }: { mapping: Pick<RoleMapping, 'roles'> }) {
  return (
    <>
      {mapping.roles.map((role) => (
        <span key={role} className="chip">
          {role}
        </span>
      ))}
    </>
  );
}

/** The directory sources for the form's select; null (type it in) when the settings cannot be read. */
function useDirectorySources(): string[] | null {
  const settings = useAsync(getSettings);
  return settings.data ? directorySources(settings.data) : null;
}

export function RoleMappingsPage() {
  useDocumentTitle('Role mappings');
  const mappings = useAsync(listRoleMappings);
  const flash = (useLocation().state as { flash?: string } | null)?.flash;
  const configured = mappings.data?.filter((m) => m.origin === 'configuration') ?? [];
  const kept = mappings.data?.filter((m) => m.origin === 'api') ?? [];

  return (
    <>
      <PageHeader
        title="Role mappings"
        actions={
          <Link to={`${ROLE_MAPPINGS}/new`} className="button button--primary">
            New mapping
          </Link>
        }
      >
        <p className="muted">
          Directory users (LDAP, Active Directory) get the roles of every mapped group they are in; a directory user in no mapped group
          cannot sign in. Changes apply at each user's next login and are audited.
        </p>
      </PageHeader>
      {flash && <Notice kind="success">{flash}</Notice>}
      {mappings.error && <ErrorMessage error={mappings.error} title="Could not load the role mappings" onRetry={mappings.reload} />}
      {!mappings.data && !mappings.error && <Loading label="Loading role mappings…" />}
      {mappings.data && mappings.data.length === 0 && (
        <EmptyState title="No role mappings">
          <p>
            Without a mapping no directory user can sign in. <Link to={`${ROLE_MAPPINGS}/new`}>Map a directory group</Link> to roles.
          </p>
        </EmptyState>
      )}
      {mappings.data && mappings.data.length > 0 && (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">Directory groups and their roles</caption>
            <thead>
              <tr>
                <th scope="col">Directory group</th>
                <th scope="col">Roles</th>
                <th scope="col">Login source</th>
                <th scope="col">Kept in</th>
                <th scope="col">Last change</th>
              </tr>
            </thead>
            <tbody>
              {[...configured, ...kept].map((mapping) => (
                <tr key={mapping.id}>
                  <td>
                    <Link to={roleMappingPath(mapping.id)} className="mono break">
                      {mapping.group}
                    </Link>
                  </td>
                  <td>
                    <Roles mapping={mapping} />
                  </td>
                  <td>{sourceText(mapping.source)}</td>
                  <td>
                    {mapping.origin === 'configuration' ? (
                      <span title="read-only here: change the server's settings">
                        <span className="badge badge--neutral">settings</span> read-only
                      </span>
                    ) : (
                      'Bootwarden (editable)'
                    )}
                  </td>
                  <td>{mapping.updatedAt ? <time dateTime={mapping.updatedAt}>{formatDateTime(mapping.updatedAt)}</time> : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

export function RoleMappingCreatePage() {
  useDocumentTitle('New role mapping');
  const navigate = useNavigate();
  const sources = useDirectorySources();
  const save = async (input: RoleMappingInput) => {
    const created = await createRoleMapping(input);
    navigate(ROLE_MAPPINGS, {
      state: { flash: `Directory group ${created.group} (${sourceText(created.source)}) now gives ${created.roles.join(', ')}.` },
    });
  };
  return (
    <>
      <PageHeader title="New role mapping" back={back} />
      <RoleMappingForm
        initial={emptyRoleMappingForm()}
        sources={sources}
        submitLabel="Create mapping"
        onSubmit={save}
        onCancel={() => navigate(ROLE_MAPPINGS)}
      />
    </>
  );
}

export function RoleMappingEditPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const load = useCallback((signal: AbortSignal) => getRoleMapping(id, signal), [id]);
  const mapping = useAsync(load);
  const sources = useDirectorySources();
  useDocumentTitle('Role mapping');

  if (mapping.error && !mapping.data) {
    return (
      <>
        <PageHeader title="Role mapping" back={back} />
        <ErrorMessage
          error={mapping.error}
          title={mapping.error.isNotFound ? 'This role mapping does not exist' : 'Could not load the role mapping'}
          onRetry={mapping.error.isNotFound ? undefined : mapping.reload}
        />
      </>
    );
  }
  if (!mapping.data) return <Loading label="Loading role mapping…" />;
  const current = mapping.data;

  if (current.origin === 'configuration') {
    const property = configuredProperty(current.id);
    return (
      <>
        <PageHeader title="Role mapping" back={back}>
          <p className="muted">
            From the server's settings: read-only here. Change it where it is set{property ? ' (' : ''}
            {property && <code className="mono">{property}</code>}
            {property ? ')' : ''} and restart the server, or add a mapping here instead.
          </p>
        </PageHeader>
        <dl className="details">
          <Detail term="Directory group">
            <span className="mono break">{current.group}</span>
          </Detail>
          <Detail term="Roles">
            <Roles mapping={current} />
          </Detail>
          <Detail term="Login source">{sourceText(current.source)}</Detail>
        </dl>
      </>
    );
  }

  const save = async (input: RoleMappingInput) => {
    const saved = await updateRoleMapping(current.id, input);
    navigate(ROLE_MAPPINGS, {
      state: { flash: `Directory group ${saved.group} (${sourceText(saved.source)}) now gives ${saved.roles.join(', ')}.` },
    });
  };

  return (
    <>
      <PageHeader
        title="Role mapping"
        back={back}
        actions={
          <DeleteButton
            title="Delete this role mapping?"
            description={`Members of ${current.group} no longer get ${current.roles.join(', ')} from it at their next login.`}
            confirmLabel="Delete mapping"
            onDelete={() => deleteRoleMapping(current.id)}
            onDeleted={() => navigate(ROLE_MAPPINGS, { state: { flash: `The mapping of ${current.group} was deleted.` } })}
          />
        }
      >
        <p className="muted">
          Created {formatDateTime(current.createdAt)}, last changed {formatDateTime(current.updatedAt)}.
        </p>
      </PageHeader>
      <RoleMappingForm
        key={current.updatedAt ?? current.id}
        initial={roleMappingToForm(current)}
        sources={sources}
        submitLabel="Save changes"
        onSubmit={save}
        onCancel={() => navigate(ROLE_MAPPINGS)}
      />
    </>
  );
}
