import { useState, type FormEvent } from 'react';
import { Link, useLocation } from 'react-router-dom';
import { useCan } from '../../app/auth';
import { HOST_CHANGES } from '../../app/liveEvents';
import { PageHeader } from '../../shared/layout/PageHeader';
import { PagedResults } from '../../shared/ui/PagedResults';
import { SortableHeader } from '../../shared/ui/SortableHeader';
import { Notice } from '../../shared/ui/States';
import { LiveChangesNotice } from '../../shared/ui/LiveChangesNotice';
import { formatDateTime } from '../../shared/utils/format';
import { formatSort, parseSort, toggleSort, type Sort } from '../../shared/utils/sort';
import { useDocumentTitle } from '../../shared/utils/useDocumentTitle';
import { readPaging, useUrlQuery } from '../../shared/utils/useUrlQuery';
import { OpenTicketLink } from '../tickets/OpenTicketLink';
import { isCidr } from '../../shared/utils/cidr';
import { BOOT_STATES, type Host, type HostQuery } from './api';
import { BootStateBadge } from './BootStateBadge';
import { useHostsPage, useProfileNames } from './hooks';
import { exportHostsUrl } from './inventory';

const DEFAULT_SORT: Sort = { field: 'hostname', direction: 'asc' };

function readQuery(params: URLSearchParams): HostQuery {
  return {
    q: params.get('q') ?? '',
    state: params.get('state') ?? '',
    profile: params.get('profile') ?? '',
    label: params.get('label') ?? '',
    subnet: params.get('subnet') ?? '',
    ...readPaging(params),
    sort: formatSort(parseSort(params.get('sort'), DEFAULT_SORT)),
  };
}

export function HostsListPage() {
  useDocumentTitle('Hosts');
  const can = useCan();
  const flash = (useLocation().state as { flash?: string } | null)?.flash;
  const { params, update, clear } = useUrlQuery();
  const query = readQuery(params);
  const sort = parseSort(query.sort, DEFAULT_SORT);
  const hosts = useHostsPage(query);
  const profiles = useProfileNames();

  const onSort = (field: string) => update({ sort: formatSort(toggleSort(sort, field)) });
  const filtered = Boolean(query.q || query.state || query.profile || query.label || query.subnet);

  return (
    <>
      <PageHeader
        title="Hosts"
        actions={
          <>
            <a className="button" href={exportHostsUrl('csv', query)} download>
              Export CSV
            </a>
            <a className="button" href={exportHostsUrl('json', query)} download>
              Export JSON
            </a>
            {can('hosts:edit') && (
              <>
                <Link to="/hosts/import" className="button">
                  Import hosts
                </Link>
                <Link to="/hosts/new" className="button button--primary">
                  New host
                </Link>
              </>
            )}
          </>
        }
      />
      {flash && <Notice kind="success">{flash}</Notice>}

      <HostFilters
        key={`${query.q}|${query.label}|${query.subnet}`}
        query={query}
        profileNames={profiles.data ?? []}
        serverErrors={hosts.error?.fieldErrors ?? {}}
        onChange={update}
      />

      <LiveChangesNotice filter={HOST_CHANGES} data={hosts.data} reload={hosts.reload} noun="hosts" />

      <PagedResults
        state={hosts}
        noun={['host']}
        errorTitle="Could not load hosts"
        emptyTitles={['No hosts yet', 'No hosts match these filters']}
        filtered={filtered}
        onClearFilters={clear}
        emptyHint={
          can('hosts:edit') && (
            <p>
              <Link to="/hosts/new">Add the first host</Link> to start provisioning.
            </p>
          )
        }
        onPageChange={(page) => update({ page })}
        onSizeChange={(size) => update({ size })}
      >
        {(items, busy) => (
          <div className="table-wrap" aria-busy={busy}>
            <table className="table">
              <caption className="visually-hidden">
                Hosts, sorted by {sort.field} {sort.direction === 'asc' ? 'ascending' : 'descending'}
              </caption>
              <thead>
                <tr>
                  <SortableHeader field="hostname" label="Hostname" sort={sort} onSort={onSort} />
                  <SortableHeader field="ip" label="IP address" sort={sort} onSort={onSort} />
                  <th scope="col">MACs</th>
                  <SortableHeader field="profile" label="Profile" sort={sort} onSort={onSort} />
                  <SortableHeader field="bootState" label="Boot state" sort={sort} onSort={onSort} />
                  <SortableHeader field="stateChangedAt" label="State since" sort={sort} onSort={onSort} />
                  <th scope="col">Open ticket</th>
                  <th scope="col">Labels</th>
                </tr>
              </thead>
              <tbody>
                {items.map((host) => (
                  <HostRow key={host.id} host={host} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </PagedResults>
    </>
  );
}

function HostRow({ host }: { host: Host }) {
  const labels = Object.entries(host.labels ?? {});
  return (
    <tr>
      <td className="nowrap">
        <Link to={`/hosts/${encodeURIComponent(String(host.id))}`} className="strong-link">
          {host.hostname}
        </Link>
      </td>
      <td className="mono nowrap">{host.ip ? `${host.ip}${host.prefixLength != null ? `/${host.prefixLength}` : ''}` : '—'}</td>
      <td className="mono">{(host.macs ?? []).join(', ') || '—'}</td>
      <td className="nowrap">{host.profile ? <Link to={`/profiles/${encodeURIComponent(host.profile)}`}>{host.profile}</Link> : '—'}</td>
      <td>
        <BootStateBadge state={host.bootState} />
      </td>
      <td>{formatDateTime(host.stateChangedAt)}</td>
      <td className="nowrap">
        <OpenTicketLink ticketId={host.openTicketId} />
      </td>
      <td>
        {labels.length === 0
          ? '—'
          : labels.map(([key, value]) => (
              <span key={key} className="chip">
                {key}={value}
              </span>
            ))}
      </td>
    </tr>
  );
}

interface HostFiltersProps {
  query: HostQuery;
  profileNames: string[];
  /** The server's refusal of a filter (e.g. a subnet that is not CIDR), shown at the filter. */
  serverErrors: Record<string, string>;
  onChange(changes: Partial<Record<keyof HostQuery, string>>): void;
}

/** Text fields apply on submit (Enter or Search); the selects apply at once. */
function HostFilters({ query, profileNames, serverErrors, onChange }: HostFiltersProps) {
  const [q, setQ] = useState(query.q ?? '');
  const [label, setLabel] = useState(query.label ?? '');
  const [labelError, setLabelError] = useState<string | null>(null);
  const [subnet, setSubnet] = useState(query.subnet ?? '');
  const [subnetError, setSubnetError] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = label.trim();
    const cidr = subnet.trim();
    const badLabel = trimmed && !/^[^=\s]+(=.*)?$/.test(trimmed) ? 'Use key=value, for example rack=r12 (or key for any value).' : null;
    const badSubnet = cidr && !isCidr(cidr) ? 'Use CIDR notation, for example 10.20.0.0/16.' : null;
    setLabelError(badLabel);
    setSubnetError(badSubnet);
    if (badLabel || badSubnet) return;
    onChange({ q: q.trim(), label: trimmed, subnet: cidr });
  };
  const shownSubnetError = subnetError ?? (serverErrors.subnet ? `The server refused this subnet: ${serverErrors.subnet}.` : null);

  const profiles = query.profile && !profileNames.includes(query.profile) ? [...profileNames, query.profile] : profileNames;

  return (
    <form className="filters" role="search" aria-label="Filter hosts" onSubmit={submit}>
      <div className="field">
        <label htmlFor="host-search">Search</label>
        <input
          id="host-search"
          type="search"
          value={q}
          placeholder="Hostname, MAC or IP"
          onChange={(event) => setQ(event.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor="host-state">Boot state</label>
        <select id="host-state" value={query.state} onChange={(event) => onChange({ state: event.target.value })}>
          <option value="">Any state</option>
          {BOOT_STATES.map((state) => (
            <option key={state} value={state}>
              {state}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="host-profile">Profile</label>
        <select id="host-profile" value={query.profile} onChange={(event) => onChange({ profile: event.target.value })}>
          <option value="">Any profile</option>
          {profiles.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </div>
      <div className={labelError ? 'field field--invalid' : 'field'}>
        <label htmlFor="host-label">Label</label>
        <input
          id="host-label"
          value={label}
          placeholder="key=value"
          aria-invalid={labelError ? true : undefined}
          aria-describedby={labelError ? 'host-label-error' : undefined}
          onChange={(event) => setLabel(event.target.value)}
        />
        {labelError && (
          <p className="field__error" id="host-label-error">
            {labelError}
          </p>
        )}
      </div>
      <div className={shownSubnetError ? 'field field--invalid' : 'field'}>
        <label htmlFor="host-subnet">Subnet</label>
        <input
          id="host-subnet"
          className="mono"
          value={subnet}
          placeholder="10.20.0.0/16"
          aria-invalid={shownSubnetError ? true : undefined}
          aria-describedby={shownSubnetError ? 'host-subnet-error' : undefined}
          onChange={(event) => setSubnet(event.target.value)}
        />
        {shownSubnetError && (
          <p className="field__error" id="host-subnet-error">
            {shownSubnetError}
          </p>
        )}
      </div>
      <div className="filters__actions">
        <button type="submit" className="button">
          Search
        </button>
      </div>
    </form>
  );
}
