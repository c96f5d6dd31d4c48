import { useCallback, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { toApiError, type ApiError, type Page } from '../../app/api';
import { Detail } from '../../shared/ui/Details';
import { EmptyState, ErrorMessage, Loading } from '../../shared/ui/States';
import { useAsync } from '../../shared/utils/useAsync';
import { canBootFloppy, floppyImageUrl, getHost, isoUrl, listHosts, usbImageUrl, type Host } from '../hosts/api';
import { BootStateBadge } from '../hosts/BootStateBadge';
import { getMediaSpec } from './api';

const RESULTS = 10;

interface SingleHostPanelProps {
  /** The chosen host's id (kept in the URL), or '' before one is chosen. */
  hostId: string;
  onChoose(hostId: string): void;
}

/** One host's boot images: find the host, see what goes onto its ISO, download the ISO, USB or floppy image. */
export function SingleHostPanel({ hostId, onChoose }: SingleHostPanelProps) {
  return hostId ? <ChosenHost hostId={hostId} onChange={() => onChoose('')} /> : <HostPicker onChoose={onChoose} />;
}

function HostPicker({ onChoose }: { onChoose(hostId: string): void }) {
  const [q, setQ] = useState('');
  const [results, setResults] = useState<Page<Host> | null>(null);
  const [searching, setSearching] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);

  const search = async (event: FormEvent) => {
    event.preventDefault();
    setSearching(true);
    setFailure(null);
    try {
      setResults(await listHosts({ q: q.trim(), page: 0, size: RESULTS, sort: 'hostname,asc' }));
    } catch (error) {
      setFailure(toApiError(error));
    } finally {
      setSearching(false);
    }
  };

  return (
    <>
      <form className="filters" role="search" aria-label="Find a host" onSubmit={search}>
        <div className="field">
          <label htmlFor="iso-host-search">Host</label>
          <input
            id="iso-host-search"
            type="search"
            value={q}
            placeholder="Hostname, MAC or IP"
            aria-describedby="iso-host-search-hint"
            onChange={(event) => setQ(event.target.value)}
          />
          <p className="field__hint" id="iso-host-search-hint">
            Part of a hostname, an IP address or a MAC; empty lists the first hosts.
          </p>
        </div>
        <div className="filters__actions">
          <button type="submit" className="button" disabled={searching}>
            {searching ? 'Searching…' : 'Find host'}
          </button>
        </div>
      </form>
      {failure && <ErrorMessage error={failure} title="Could not search the hosts" />}
      {results && results.items.length === 0 && <EmptyState title="No host matches this search" />}
      {results && results.items.length > 0 && (
        <div className="table-wrap">
          <table className="table table--compact">
            <caption className="visually-hidden">Hosts found</caption>
            <thead>
              <tr>
                <th scope="col">Hostname</th>
                <th scope="col">IP address</th>
                <th scope="col">Profile</th>
                <th scope="col">Boot state</th>
                <th scope="col">
                  <span className="visually-hidden">Action</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {results.items.map((host) => (
                <tr key={host.id}>
                  <td className="nowrap">{host.hostname}</td>
                  <td className="mono nowrap">{host.ip ?? '—'}</td>
                  <td>{host.profile ?? '—'}</td>
                  <td>
                    <BootStateBadge state={host.bootState} />
                  </td>
                  <td>
                    <button type="button" className="button button--small" onClick={() => onChoose(String(host.id))}>
                      Choose <span className="visually-hidden">{host.hostname}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {results.totalItems > results.items.length && (
            <p className="muted small">
              The first {results.items.length} of {results.totalItems} matching hosts; narrow the search to find others.
            </p>
          )}
        </div>
      )}
    </>
  );
}

function ChosenHost({ hostId, onChange }: { hostId: string; onChange(): void }) {
  const loadHost = useCallback((signal: AbortSignal) => getHost(hostId, signal), [hostId]);
  const loadSpec = useCallback((signal: AbortSignal) => getMediaSpec(hostId, signal), [hostId]);
  const host = useAsync(loadHost);
  const spec = useAsync(loadSpec);

  if (host.error) {
    return (
      <>
        <ErrorMessage error={host.error} title={host.error.isNotFound ? 'This host does not exist' : 'Could not load the host'} />
        <button type="button" className="button" onClick={onChange}>
          Choose another host
        </button>
      </>
    );
  }
  if (!host.data) return <Loading label="Loading host…" />;
  const current = host.data;
  const floppy = canBootFloppy(current);

  return (
    <section aria-labelledby="iso-host-heading" className="iso-host">
      <div className="page-header__row">
        <h2 id="iso-host-heading">
          <Link to={`/hosts/${encodeURIComponent(String(current.id))}`}>{current.hostname}</Link> <BootStateBadge state={current.bootState} />
        </h2>
        <button type="button" className="button button--small" onClick={onChange}>
          Choose another host
        </button>
      </div>
      <div className="iso-downloads" role="group" aria-label="Boot images">
        <a className="button button--primary" href={isoUrl(current.id)} download={`${current.hostname}.iso`}>
          Download ISO
        </a>
        <a className="button" href={usbImageUrl(current.id)} download={`${current.hostname}-usb.img`}>
          Download USB image
        </a>
        {floppy ? (
          <a className="button" href={floppyImageUrl(current.id)} download={`${current.hostname}-floppy.img`}>
            Download floppy image
          </a>
        ) : (
          <button type="button" className="button" disabled aria-describedby="iso-floppy-why">
            Download floppy image
          </button>
        )}
      </div>
      <ul className="plain-list muted small">
        <li>ISO: hybrid BIOS + UEFI image for a CD or virtual CD; it can also be written to a USB stick.</li>
        <li>USB image: the same image, scripted so that under BIOS its local boot uses the first fixed disk (0x81).</li>
        <li id="iso-floppy-why">
          Floppy: 1.44 MB, BIOS only with iPXE's own NIC drivers
          {floppy ? '.' : `: not for this host (firmware ${current.firmware}, NIC driver ${current.nicDriver}, ${current.architecture}).`}
        </li>
        <li>Every download is audited: the images carry the host's boot token.</li>
      </ul>
      <h3>What goes onto the ISO</h3>
      {spec.error && <ErrorMessage error={spec.error} title="Could not read the media spec" onRetry={spec.reload} />}
      {!spec.data && !spec.error && <Loading label="Reading the media spec…" />}
      {spec.data && (
        <>
          <dl className="details" aria-label="Media spec">
            <Detail term="Volume ID">
              <span className="mono">{spec.data.volumeId}</span>
            </Detail>
            <Detail term="Firmware">{spec.data.firmware} (the hybrid ISO boots BIOS and UEFI)</Detail>
            <Detail term="UEFI iPXE">
              {spec.data.nicDriver === 'SNPONLY' ? 'snponly.efi (the firmware’s NIC driver)' : 'ipxe.efi (iPXE’s own NIC drivers)'}
            </Detail>
            <Detail term="Architecture">{spec.data.architecture === 'ARM64' ? 'arm64 (UEFI only)' : 'x86_64'}</Detail>
            <Detail term="Image cache key">
              <span className="mono">{spec.data.hash}</span>
            </Detail>
            <Detail term="Image file">
              <span className="mono break">{spec.data.artifact}</span>
            </Detail>
          </dl>
          <details className="script-details">
            <summary>Client script (carries the boot token; reading it is audited)</summary>
            <pre className="mono">{spec.data.script}</pre>
          </details>
        </>
      )}
    </section>
  );
}
