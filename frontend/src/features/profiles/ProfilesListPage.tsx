import { useState } from 'react';
import { Link, useLocation } from 'react-router-dom';
import { useCan } from '../../app/auth';
import { PageHeader } from '../../shared/layout/PageHeader';
import { EmptyState, ErrorMessage, Loading, Notice } from '../../shared/ui/States';
import { formatDateTime } from '../../shared/utils/format';
import { useDocumentTitle } from '../../shared/utils/useDocumentTitle';
import { kindLabel } from './api';
import { useProfiles } from './hooks';

export function ProfilesListPage() {
  useDocumentTitle('Profiles');
  const can = useCan();
  const flash = (useLocation().state as { flash?: string } | null)?.flash;
  const profiles = useProfiles();
  const [filter, setFilter] = useState('');

  const needle = filter.trim().toLowerCase();
  const items = (profiles.data ?? [])
    .filter((p) => !needle || p.name.toLowerCase().includes(needle) || (p.description ?? '').toLowerCase().includes(needle))
    .sort((a, b) => a.name.localeCompare(b.name));

  return (
    <>
      <PageHeader
        title="Profiles"
        actions={
          can('profiles:edit') && (
            <Link to="/profiles/new" className="button button--primary">
              New profile
            </Link>
          )
        }
      />
      {flash && <Notice kind="success">{flash}</Notice>}
      {profiles.error && <ErrorMessage error={profiles.error} title="Could not load profiles" onRetry={profiles.reload} />}
      {profiles.loading && !profiles.data && <Loading label="Loading profiles…" />}
      {profiles.data && profiles.data.length === 0 && (
        <EmptyState title="No profiles yet">
          {can('profiles:edit') && (
            <p>
              <Link to="/profiles/new">Create a profile</Link> to describe what hosts install.
            </p>
          )}
        </EmptyState>
      )}
      {profiles.data && profiles.data.length > 0 && (
        <>
          <div className="filters" role="search" aria-label="Filter profiles">
            <div className="field">
              <label htmlFor="profile-filter">Filter</label>
              <input
                id="profile-filter"
                type="search"
                value={filter}
                placeholder="Name or description"
                onChange={(event) => setFilter(event.target.value)}
              />
            </div>
          </div>
          {items.length === 0 ? (
            <EmptyState title="No profiles match this filter" />
          ) : (
            <div className="table-wrap">
              <table className="table">
                <caption className="visually-hidden">Profiles</caption>
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Kind</th>
                    <th scope="col">Description</th>
                    <th scope="col">Reinstall on reboot</th>
                    <th scope="col">Max install boots</th>
                    <th scope="col">Updated</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((profile) => (
                    <tr key={profile.name}>
                      <td>
                        <Link className="strong-link" to={`/profiles/${encodeURIComponent(profile.name)}`}>
                          {profile.name}
                        </Link>
                      </td>
                      <td>{kindLabel(profile.kind)}</td>
                      <td>{profile.description || '—'}</td>
                      <td>{profile.reinstallOnReboot ? 'Yes' : 'No'}</td>
                      <td>{profile.maxInstallBoots}</td>
                      <td>{formatDateTime(profile.updatedAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </>
  );
}
