import { useCallback, useState, type FormEvent } from 'react';
import { toApiError, type ApiError } from '../../app/api';
import { ErrorMessage, Loading } from '../../shared/ui/States';
import { useAsync } from '../../shared/utils/useAsync';
import { listHosts } from '../hosts/api';
import { previewProfile, type PreviewFile } from './api';

const HOST_OPTIONS = 200;

/** Renders the profile's iPXE script or answer file for a chosen host, as the boot endpoint would. */
export function ProfilePreview({ profileName }: { profileName: string }) {
  const [allHosts, setAllHosts] = useState(false);
  const loadHosts = useCallback(
    (signal: AbortSignal) =>
      listHosts({ profile: allHosts ? undefined : profileName, page: 0, size: HOST_OPTIONS, sort: 'hostname,asc' }, signal),
    [allHosts, profileName],
  );
  const hosts = useAsync(loadHosts);

  const [hostId, setHostId] = useState('');
  const [file, setFile] = useState<PreviewFile>('script');
  const [output, setOutput] = useState<{ text: string; label: string } | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [hostError, setHostError] = useState<string | null>(null);

  const options = hosts.data?.items ?? [];
  const selected = hostId || (options[0] ? String(options[0].id) : '');

  const render = async (event: FormEvent) => {
    event.preventDefault();
    if (!selected) {
      setHostError('Choose a host to render the preview for.');
      return;
    }
    setHostError(null);
    setBusy(true);
    setError(null);
    try {
      const text = await previewProfile(profileName, selected, file);
      const host = options.find((h) => String(h.id) === selected);
      setOutput({ text, label: `${file === 'script' ? 'iPXE script' : 'Answer file'} for ${host?.hostname ?? selected}` });
    } catch (failure) {
      setOutput(null);
      setError(toApiError(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="preview">
      <form className="filters" onSubmit={render} aria-label="Preview options">
        <div className={hostError ? 'field field--invalid' : 'field'}>
          <label htmlFor="preview-host">Host</label>
          <select
            id="preview-host"
            value={selected}
            disabled={!hosts.data}
            aria-invalid={hostError ? true : undefined}
            aria-describedby={hostError ? 'preview-host-error' : undefined}
            onChange={(event) => setHostId(event.target.value)}
          >
            {options.length === 0 && <option value="">{hosts.data ? 'No hosts' : 'Loading…'}</option>}
            {options.map((host) => (
              <option key={host.id} value={String(host.id)}>
                {host.hostname}
                {allHosts && host.profile !== profileName ? ` (${host.profile ?? 'no profile'})` : ''}
              </option>
            ))}
          </select>
          {hostError && (
            <p className="field__error" id="preview-host-error">
              {hostError}
            </p>
          )}
        </div>
        <fieldset className="field radio-group">
          <legend>File</legend>
          <div className="radio-group__options">
            <label>
              <input type="radio" name="preview-file" value="script" checked={file === 'script'} onChange={() => setFile('script')} />
              iPXE script
            </label>
            <label>
              <input type="radio" name="preview-file" value="answer" checked={file === 'answer'} onChange={() => setFile('answer')} />
              Answer file
            </label>
          </div>
        </fieldset>
        <div className="field field--checkbox">
          <div className="field__checkbox-row">
            <input
              id="preview-all-hosts"
              type="checkbox"
              checked={allHosts}
              onChange={(event) => {
                setAllHosts(event.target.checked);
                setHostId('');
              }}
            />
            <label htmlFor="preview-all-hosts">Include hosts of other profiles</label>
          </div>
        </div>
        <div className="filters__actions">
          <button type="submit" className="button" disabled={busy || !hosts.data}>
            {busy ? 'Rendering…' : 'Render preview'}
          </button>
        </div>
      </form>
      {hosts.error && <ErrorMessage error={hosts.error} title="Could not load hosts" onRetry={hosts.reload} />}
      {hosts.data && options.length === 0 && !allHosts && (
        <p className="muted">No host uses this profile yet. Include hosts of other profiles to preview for one of them.</p>
      )}
      {hosts.data && hosts.data.totalItems > options.length && (
        <p className="muted small">Showing the first {options.length} of {hosts.data.totalItems} hosts.</p>
      )}
      {busy && <Loading label="Rendering…" />}
      {error && <ErrorMessage error={error} title="The preview could not be rendered" />}
      {output && (
        <figure className="preview__output">
          <figcaption>{output.label}</figcaption>
          <pre tabIndex={0} aria-label={output.label}>
            {output.text}
          </pre>
        </figure>
      )}
    </div>
  );
}
