import { PageHeader } from '../../shared/layout/PageHeader';
import { ErrorMessage, Loading } from '../../shared/ui/States';
import { formatDateTime } from '../../shared/utils/format';
import { useAsync } from '../../shared/utils/useAsync';
import { useDocumentTitle } from '../../shared/utils/useDocumentTitle';
import { formatDuration, getSettings, type SettingItem, type SettingSource } from './api';

const SOURCE: Record<SettingSource, { text: string; badge: string; hint: string }> = {
  environment: { text: 'environment', badge: 'badge--info', hint: 'set by an environment variable' },
  configuration: { text: 'configuration', badge: 'badge--info', hint: 'set by the command line, a system property or a configuration file' },
  default: { text: 'default', badge: 'badge--neutral', hint: 'not set: Bootwarden’s default' },
  generated: { text: 'generated', badge: 'badge--warn', hint: 'not set: Bootwarden generated it' },
  detected: { text: 'detected', badge: 'badge--neutral', hint: 'found at run time, not a setting' },
};

function Value({ item }: { item: SettingItem }) {
  if (item.secret) {
    return (
      <>
        <span className="badge badge--neutral">secret</span> {item.value}
      </>
    );
  }
  if (item.value === null || item.value === '' || (Array.isArray(item.value) && item.value.length === 0)) {
    return <span className="muted">not set</span>;
  }
  const values = Array.isArray(item.value) ? item.value : [item.value];
  return (
    <ul className="plain-list">
      {values.map((value, index) => {
        const readable = formatDuration(value);
        return (
          <li key={index} className={readable === value ? 'mono break' : undefined}>
            {readable === value ? value : (
              <>
                {readable} <span className="muted mono small">({value})</span>
              </>
            )}
          </li>
        );
      })}
    </ul>
  );
}

function SetBy({ item }: { item: SettingItem }) {
  const source = SOURCE[item.source] ?? SOURCE.default;
  return (
    <>
      <span className={`badge ${source.badge}`} title={source.hint}>
        {source.text}
      </span>{' '}
      <span className="small">{item.origin}</span>
      {(item.env || item.property) && (
        <ul className="plain-list small settings__names">
          {item.env && (
            <li>
              env <code className="mono">{item.env}</code>
            </li>
          )}
          {item.property && (
            <li>
              property <code className="mono">{item.property}</code>
            </li>
          )}
        </ul>
      )}
    </>
  );
}

/** The server's effective configuration, read-only: each value with where it is set. Secrets are never shown. */
export function SettingsPage() {
  useDocumentTitle('Settings');
  const settings = useAsync(getSettings);

  return (
    <>
      <PageHeader title="Settings">
        <p className="muted">
          What this server runs with, read-only. Change a setting where it is set (an environment variable, or the property in a
          configuration file) and restart the server; set the same values on every replica. Secrets are never shown, only whether they are
          set.
        </p>
      </PageHeader>
      {settings.error && <ErrorMessage error={settings.error} title="Could not load the settings" onRetry={settings.reload} />}
      {!settings.data && !settings.error && <Loading label="Loading the settings…" />}
      {settings.data && (
        <>
          <p className="muted small">
            Read from the server at <time dateTime={settings.data.readAt}>{formatDateTime(settings.data.readAt)}</time>.{' '}
            <button type="button" className="link-button" onClick={settings.reload}>
              Read again
            </button>
          </p>
          <nav aria-label="Settings sections" className="settings__toc">
            <ul className="plain-list">
              {settings.data.groups.map((group) => (
                <li key={group.id}>
                  <a href={`#settings-${group.id}`}>{group.title}</a>
                </li>
              ))}
            </ul>
          </nav>
          {settings.data.groups.map((group) => (
            <section key={group.id} id={`settings-${group.id}`} className="page-section" aria-labelledby={`settings-${group.id}-heading`}>
              <h2 id={`settings-${group.id}-heading`}>{group.title}</h2>
              <div className="table-wrap">
                <table className="table settings__table">
                  <caption className="visually-hidden">{group.title}</caption>
                  <thead>
                    <tr>
                      <th scope="col">Setting</th>
                      <th scope="col">Value</th>
                      <th scope="col">Where it is set</th>
                    </tr>
                  </thead>
                  <tbody>
                    {group.items.map((item) => (
                      <tr key={item.id}>
                        <th scope="row">{item.label}</th>
                        <td>
                          <Value item={item} />
                        </td>
                        <td>
                          <SetBy item={item} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
          ))}
        </>
      )}
    </>
  );
}
