import { useCallback, useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router-dom';
import { useCan } from '../../app/auth';
import { DETAIL_REFRESH_MS, useLiveRefresh } from '../../app/liveEvents';
import { PageHeader } from '../../shared/layout/PageHeader';
import { DeleteButton } from '../../shared/ui/DeleteButton';
import { Detail } from '../../shared/ui/Details';
import { ErrorMessage, Loading, Notice } from '../../shared/ui/States';
import { formatDateTime } from '../../shared/utils/format';
import { useDocumentTitle } from '../../shared/utils/useDocumentTitle';
import { AuditTimeline } from '../audit/AuditTimeline';
import { OpenTicketLink } from '../tickets/OpenTicketLink';
import { canBootFloppy, deleteHost, floppyImageUrl, isoUrl, usbImageUrl, type Host } from './api';
import { BootStateActions } from './BootStateActions';
import { BootStateBadge, bootStateDescription } from './BootStateBadge';
import { useHost } from './hooks';

export function HostDetailPage() {
  const { id = '' } = useParams();
  const location = useLocation();
  const host = useHost(id);
  const can = useCan();
  const [flash, setFlash] = useState<string | null>((location.state as { flash?: string } | null)?.flash ?? null);
  const [timelineKey, setTimelineKey] = useState(0);
  const { reload } = host;
  const refresh = useCallback(() => {
    reload();
    setTimelineKey((n) => n + 1);
  }, [reload]);
  // an arm elsewhere, the machine's boot or install callback: the page and its timeline follow
  useLiveRefresh(
    { targetTypes: ['host'], targetId: id, ignoreActions: ['host.media-spec-read', 'host.iso-downloaded', 'host.usb-downloaded', 'host.floppy-downloaded'] },
    refresh,
    { delayMs: DETAIL_REFRESH_MS },
  );
  useDocumentTitle(host.data?.hostname ?? 'Host');

  if (host.error && !host.data) {
    return (
      <>
        <PageHeader title="Host" back={{ to: '/hosts', label: 'Hosts' }} />
        <ErrorMessage
          error={host.error}
          title={host.error.isNotFound ? 'This host does not exist' : 'Could not load the host'}
          onRetry={host.error.isNotFound ? undefined : host.reload}
        />
      </>
    );
  }
  if (!host.data) return <Loading label="Loading host…" />;

  const current = host.data;
  const onStateChanged = (updated: Host, message?: string) => {
    host.setData(updated);
    setFlash(message ?? `${updated.hostname} is now ${updated.bootState}.`);
    setTimelineKey((n) => n + 1);
  };

  return (
    <>
      <PageHeader
        title={
          <>
            {current.hostname} <BootStateBadge state={current.bootState} />
          </>
        }
        back={{ to: '/hosts', label: 'Hosts' }}
        actions={
          <>
            {can('tickets:create') && <RequestReinstall host={current} />}
            {can('hosts:arm') && <BootStateActions host={current} onChanged={onStateChanged} />}
            {can('hosts:iso') && (
              <>
                <a className="button" href={isoUrl(current.id)} download={`${current.hostname}.iso`}>
                  Download ISO
                </a>
                <a
                  className="button"
                  href={usbImageUrl(current.id)}
                  download={`${current.hostname}-usb.img`}
                  title="The same image for a USB stick: under BIOS its local boot uses the first fixed disk (0x81)"
                >
                  Download USB image
                </a>
                {canBootFloppy(current) && (
                  <a
                    className="button"
                    href={floppyImageUrl(current.id)}
                    download={`${current.hostname}-floppy.img`}
                    title="A 1.44 MB floppy image for BIOS-only machines: its local boot uses the first fixed disk (0x80)"
                  >
                    Download floppy image
                  </a>
                )}
              </>
            )}
            {can('hosts:edit') && (
              <>
                <Link className="button" to={`/hosts/${encodeURIComponent(String(current.id))}/edit`}>
                  Edit
                </Link>
                <DeleteHostButton host={current} />
              </>
            )}
          </>
        }
      />
      {flash && <Notice kind="success">{flash}</Notice>}

      <section className="panel" aria-labelledby="boot-state-heading">
        <h2 id="boot-state-heading">Boot state</h2>
        <dl className="details">
          <Detail term="State">
            <BootStateBadge state={current.bootState} /> {bootStateDescription(current.bootState)}
          </Detail>
          <Detail term="Reason">{current.stateReason || '—'}</Detail>
          <Detail term="Since">
            {current.stateChangedAt ? <time dateTime={current.stateChangedAt}>{formatDateTime(current.stateChangedAt)}</time> : '—'}
          </Detail>
          <Detail term="Install boots">{current.installBoots ?? 0}</Detail>
          <Detail term="Open ticket">
            <OpenTicketLink ticketId={current.openTicketId} />
            {current.openTicketId && can('tickets:create') && (
              <span className="muted small"> A host has one open ticket at a time: request a reinstall once it is closed.</span>
            )}
          </Detail>
          <Detail term="Last install">{formatDateTime(current.lastInstallAt)}</Detail>
        </dl>
      </section>

      <section className="panel" aria-labelledby="host-heading">
        <h2 id="host-heading">Configuration</h2>
        <dl className="details">
          <Detail term="Id">
            <span className="mono">{current.id}</span>
          </Detail>
          <Detail term="Hostname">{current.hostname}</Detail>
          <Detail term="MAC addresses">
            <List items={current.macs} />
          </Detail>
          <Detail term="IP address">
            <span className="mono">
              {current.ip ? `${current.ip}${current.prefixLength != null ? `/${current.prefixLength}` : ''}` : '—'}
            </span>
          </Detail>
          <Detail term="Gateway">
            <span className="mono">{current.gateway || '—'}</span>
          </Detail>
          <Detail term="DNS servers">
            <List items={current.dns} />
          </Detail>
          <Detail term="VLAN">{current.vlan ?? 'untagged'}</Detail>
          <Detail term="Firmware">{current.firmware}</Detail>
          <Detail term="iPXE NIC driver">{current.nicDriver}</Detail>
          <Detail term="Profile">
            {current.profile ? <Link to={`/profiles/${encodeURIComponent(current.profile)}`}>{current.profile}</Link> : '—'}
          </Detail>
          <Detail term="Labels">
            {Object.keys(current.labels ?? {}).length === 0
              ? '—'
              : Object.entries(current.labels).map(([key, value]) => (
                  <span key={key} className="chip">
                    {key}={value}
                  </span>
                ))}
          </Detail>
          <Detail term="Created">{formatDateTime(current.createdAt)}</Detail>
          <Detail term="Updated">{formatDateTime(current.updatedAt)}</Detail>
          <Detail term="Version">{current.version}</Detail>
        </dl>
      </section>

      {can('audit:read') && (
        <section className="panel" aria-labelledby="timeline-heading">
          <h2 id="timeline-heading">Timeline</h2>
          <AuditTimeline key={timelineKey} targetId={String(current.id)} />
        </section>
      )}
    </>
  );
}

function List({ items }: { items: string[] | null | undefined }) {
  if (!items || items.length === 0) return <>—</>;
  return (
    <ul className="plain-list mono">
      {items.map((item) => (
        <li key={item}>{item}</li>
      ))}
    </ul>
  );
}

/** Files a ticket for this host; a host has at most one open ticket, so it says why not when it has one. */
function RequestReinstall({ host }: { host: Host }) {
  if (host.openTicketId) {
    return (
      <button
        type="button"
        className="button button--primary"
        disabled
        title={`${host.hostname} already has open ticket ${host.openTicketId}; it must be finished or cancelled first`}
      >
        Request reinstall
      </button>
    );
  }
  return (
    <Link className="button button--primary" to={`/tickets/new?hostId=${encodeURIComponent(String(host.id))}`}>
      Request reinstall
    </Link>
  );
}

function DeleteHostButton({ host }: { host: Host }) {
  const navigate = useNavigate();
  return (
    <DeleteButton
      title={`Delete ${host.hostname}?`}
      description="The host and its boot configuration are removed. This cannot be undone."
      confirmLabel="Delete host"
      onDelete={() => deleteHost(host.id)}
      onDeleted={() => navigate('/hosts', { state: { flash: `Host ${host.hostname} deleted.` } })}
    />
  );
}
