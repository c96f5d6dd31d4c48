import type { SecretEntry } from './profileForm';

interface SecretsEditorProps {
  entries: SecretEntry[];
  error?: string;
  onChange(entries: SecretEntry[]): void;
}

/**
 * The profile's secrets, write-only: each shows whether it has a value, never the value. A value
 * can be replaced (typed into an empty password field), cleared or the secret removed; new
 * secrets get a name and a value.
 */
export function SecretsEditor({ entries, error, onChange }: SecretsEditorProps) {
  const update = (index: number, change: Partial<SecretEntry>) =>
    onChange(entries.map((entry, i) => (i === index ? { ...entry, ...change } : entry)));
  const errorId = error ? 'field-secrets-error' : undefined;

  return (
    <fieldset className="form__section" id="field-secrets" aria-describedby={errorId}>
      <legend>Secrets</legend>
      <p className="field__hint">
        Password hashes and credentials, used in the answer template as {'{{secrets.name}}'}. They are stored encrypted and never shown
        again: replace a value to change it. Hosts cannot be armed while a secret has no value.
      </p>
      {entries.length === 0 && <p>No secrets.</p>}
      <ul className="plain-list secrets">
        {entries.map((entry, index) => {
          const label = entry.added ? `New secret ${index + 1}` : `Secret ${entry.name}`;
          const removed = entry.action === 'remove';
          return (
            <li key={index} className="secrets__entry" aria-label={label}>
              {entry.added ? (
                <label>
                  Name{' '}
                  <input
                    className="mono"
                    value={entry.name}
                    autoComplete="off"
                    aria-label={`${label} name`}
                    onChange={(e) => update(index, { name: e.target.value })}
                  />
                </label>
              ) : (
                <code className={removed ? 'secrets__removed' : undefined}>{entry.name}</code>
              )}{' '}
              {!entry.added && !removed && (
                <span className={`badge ${entry.set && entry.action !== 'clear' ? 'badge--ok' : 'badge--warn'}`}>
                  {entry.action === 'clear' ? 'will be cleared' : entry.set ? 'set' : 'not set'}
                </span>
              )}
              {removed && <span className="badge badge--neutral">will be removed</span>}{' '}
              {(entry.added || entry.action === 'replace') && (
                <label>
                  {entry.added ? 'Value' : 'New value'}{' '}
                  <input
                    type="password"
                    className="mono"
                    value={entry.value}
                    autoComplete="new-password"
                    aria-label={`${label} ${entry.added ? 'value' : 'new value'}`}
                    onChange={(e) => update(index, { value: e.target.value })}
                  />
                </label>
              )}{' '}
              {!entry.added && entry.action === 'keep' && (
                <>
                  <button type="button" className="button button--small" onClick={() => update(index, { action: 'replace', value: '' })}>
                    {entry.set ? 'Replace' : 'Set'} {entry.name}
                  </button>{' '}
                  {entry.set && (
                    <button type="button" className="button button--small" onClick={() => update(index, { action: 'clear' })}>
                      Clear {entry.name}
                    </button>
                  )}{' '}
                  <button type="button" className="button button--small" onClick={() => update(index, { action: 'remove' })}>
                    Remove {entry.name}
                  </button>
                </>
              )}
              {!entry.added && entry.action !== 'keep' && (
                <button type="button" className="button button--small" onClick={() => update(index, { action: 'keep', value: '' })}>
                  Keep {entry.name} as it is
                </button>
              )}
              {entry.added && (
                <button type="button" className="button button--small" onClick={() => onChange(entries.filter((_, i) => i !== index))}>
                  Discard {label.toLowerCase()}
                </button>
              )}
            </li>
          );
        })}
      </ul>
      <button
        type="button"
        className="button button--small"
        onClick={() => onChange([...entries, { name: '', set: false, added: true, action: 'keep', value: '' }])}
      >
        Add secret
      </button>
      {error && (
        <p className="field__error" id={errorId}>
          {error}
        </p>
      )}
    </fieldset>
  );
}
