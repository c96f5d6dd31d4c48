import { useCallback, useEffect, useRef, useState } from 'react';
import { toApiError } from '../../app/api';
import { useAuth } from '../../app/auth';
import { PageHeader } from '../../shared/layout/PageHeader';
import { ConfirmDialog } from '../../shared/ui/Dialog';
import { ErrorSummary, Field, FormActions } from '../../shared/ui/Field';
import { EmptyState, ErrorMessage, Loading, Notice } from '../../shared/ui/States';
import { formatDateTime } from '../../shared/utils/format';
import { useApiForm } from '../../shared/utils/useApiForm';
import { useAsync } from '../../shared/utils/useAsync';
import { useDocumentTitle } from '../../shared/utils/useDocumentTitle';
import type { UserRole } from '../users/api';
import { ROLE_HINTS, type PersonRole } from '../users/userForm';
import { createToken, listTokens, revokeToken, type ApiToken, type CreatedApiToken, type NewTokenInput } from './api';
import { EXPIRY_CHOICES, emptyTokenForm, formToNewToken, grantableRoles, MAX_NAME_LENGTH, TOKEN_FIELD_LABELS, type ExpiryChoice } from './tokenForm';

const STATUS_BADGE: Record<ApiToken['status'], { label: string; tone: string }> = {
  ACTIVE: { label: 'active', tone: 'badge--ok' },
  EXPIRED: { label: 'expired', tone: 'badge--neutral' },
  REVOKED: { label: 'revoked', tone: 'badge--error' },
};

/** The new token, shown this once, with a copy button. */
function CreatedTokenPanel({ created, onDone }: { created: CreatedApiToken; onDone(): void }) {
  const input = useRef<HTMLInputElement>(null);
  const [copy, setCopy] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, []);

  const copyToken = async () => {
    try {
      await navigator.clipboard.writeText(created.token);
      setCopy('copied');
    } catch {
      // no clipboard (plain HTTP to another host, or permission refused): the user copies by hand
      setCopy('failed');
      input.current?.focus();
      input.current?.select();
    }
  };

  return (
    <section className="alert alert--success token-reveal" aria-labelledby="token-reveal-heading">
      <h2 id="token-reveal-heading" className="alert__title">
        Your new token “{created.name}”
      </h2>
      <p>
        <strong>Copy it now: you won’t see it again.</strong> Bootwarden keeps only a hash of it. If you lose it, revoke it and create
        another.
      </p>
      <div className="token-reveal__row">
        <label htmlFor="token-reveal-value" className="visually-hidden">
          Token
        </label>
        <input
          id="token-reveal-value"
          ref={input}
          className="mono token-reveal__value"
          readOnly
          value={created.token}
          onFocus={(event) => event.target.select()}
          spellCheck={false}
          autoComplete="off"
        />
        <button type="button" className="button button--primary" onClick={copyToken}>
          Copy
        </button>
      </div>
      <p role="status" className="small">
        {copy === 'copied' && 'Copied to the clipboard.'}
        {copy === 'failed' && 'The browser did not allow copying: the token is selected, copy it with Ctrl+C.'}
      </p>
      <p className="small">
        Roles {created.roles.join(', ')}; expires <time dateTime={created.expiresAt}>{formatDateTime(created.expiresAt)}</time>. Use it as{' '}
        <code>Authorization: Bearer &lt;token&gt;</code>, e.g. <code>curl -H &quot;Authorization: Bearer $TOKEN&quot; {window.location.origin}/api/me</code>
      </p>
      <button type="button" className="button" onClick={onDone}>
        Done: I have stored it
      </button>
    </section>
  );
}

function TokenForm({ roles, onCreated, onReset }: { roles: PersonRole[]; onCreated(created: CreatedApiToken): void; onReset(): void }) {
  const save = async (input: NewTokenInput) => onCreated(await createToken(input));
  const { values, set, errors, failure, saving, failedSubmits, submit } = useApiForm(emptyTokenForm(), (v) => formToNewToken(v), save);
  const toggle = (role: UserRole, checked: boolean) =>
    set('roles', checked ? [...values.roles, role] : values.roles.filter((candidate) => candidate !== role));
  return (
    <form className="form" onSubmit={submit} noValidate aria-label="New API token" aria-busy={saving}>
      <ErrorSummary errors={errors} labels={TOKEN_FIELD_LABELS} focusToken={failedSubmits} />
      {failure && <ErrorMessage error={failure} title="The token could not be created" />}
      <div className="form__grid">
        <Field name="name" label={TOKEN_FIELD_LABELS.name} error={errors.name} required hint={`What it is for, e.g. “nightly inventory sync”; at most ${MAX_NAME_LENGTH} characters.`}>
          {(props) => <input {...props} value={values.name} maxLength={MAX_NAME_LENGTH + 20} autoComplete="off" onChange={(e) => set('name', e.target.value)} />}
        </Field>
        <Field name="lifetime" label={TOKEN_FIELD_LABELS.lifetime} error={errors.lifetime} required hint="Every token expires; the server allows at most its configured maximum.">
          {(props) => (
            <select {...props} value={values.lifetime} onChange={(e) => set('lifetime', e.target.value as ExpiryChoice)}>
              {EXPIRY_CHOICES.map((choice) => (
                <option key={choice.value} value={choice.value}>
                  {choice.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        {values.lifetime === 'date' && (
          <Field name="expiresAt" label={TOKEN_FIELD_LABELS.expiresAt} error={errors.expiresAt} required hint="The token works until the end of this day (your time).">
            {(props) => <input {...props} type="date" value={values.expiresAt} onChange={(e) => set('expiresAt', e.target.value)} />}
          </Field>
        )}
      </div>
      <fieldset
        id="field-roles"
        tabIndex={-1}
        className={errors.roles ? 'field role-choices field--invalid' : 'field role-choices'}
        aria-describedby={errors.roles ? 'field-roles-error' : 'field-roles-hint'}
      >
        <legend>
          {TOKEN_FIELD_LABELS.roles}
          <span className="field__required" aria-hidden="true">
            {' '}
            *
          </span>
        </legend>
        <p className="field__hint" id="field-roles-hint">
          Only roles you hold; give the token the fewest that do the job. It loses a role when you do.
        </p>
        {roles.map((role) => (
          <label key={role} className="role-choices__option">
            <input type="checkbox" name="roles" value={role} checked={values.roles.includes(role)} onChange={(e) => toggle(role, e.target.checked)} />
            <span className="mono">{role}</span> <span className="muted small">{ROLE_HINTS[role]}</span>
          </label>
        ))}
        {errors.roles && (
          <p className="field__error" id="field-roles-error">
            {errors.roles}
          </p>
        )}
      </fieldset>
      <FormActions submitLabel="Create token" savingLabel="Creating…" saving={saving} onCancel={onReset} />
    </form>
  );
}

function TokenRoles({ token }: { token: ApiToken }) {
  const lost = token.status === 'ACTIVE' ? token.roles.filter((role) => !token.effectiveRoles.includes(role)) : [];
  return (
    <>
      {token.roles.map((role) => (
        <span key={role} className={lost.includes(role) ? 'chip chip--lost' : 'chip'} title={lost.includes(role) ? 'the owner no longer holds this role' : undefined}>
          {role}
        </span>
      ))}
      {lost.length > 0 && <p className="small muted">Not granted now (the owner no longer holds it): {lost.join(', ')}</p>}
    </>
  );
}

function TokensTable({ tokens, showOwner, onRevoke }: { tokens: ApiToken[]; showOwner: boolean; onRevoke(token: ApiToken): void }) {
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">API tokens</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            {showOwner && <th scope="col">Owner</th>}
            <th scope="col">Roles</th>
            <th scope="col">Created</th>
            <th scope="col">Expires</th>
            <th scope="col">Last used</th>
            <th scope="col">Status</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {tokens.map((token) => (
            <tr key={token.id}>
              <td>
                {token.name}
                <br />
                <span className="mono small muted">{token.prefix}…</span>
              </td>
              {showOwner && (
                <td>
                  {token.owner}
                  {token.ownerSource !== 'local' && <span className="small muted"> ({token.ownerSource})</span>}
                </td>
              )}
              <td>
                <TokenRoles token={token} />
              </td>
              <td>
                <time dateTime={token.createdAt}>{formatDateTime(token.createdAt)}</time>
              </td>
              <td>
                <time dateTime={token.expiresAt}>{formatDateTime(token.expiresAt)}</time>
              </td>
              <td>
                {token.lastUsedAt ? (
                  <>
                    <time dateTime={token.lastUsedAt}>{formatDateTime(token.lastUsedAt)}</time>
                    {token.lastUsedFrom && <span className="small muted"> from {token.lastUsedFrom}</span>}
                  </>
                ) : (
                  'never'
                )}
              </td>
              <td>
                <span className={`badge ${STATUS_BADGE[token.status].tone}`}>{STATUS_BADGE[token.status].label}</span>
                {token.revokedAt && (
                  <span className="small muted">
                    {' '}
                    by {token.revokedBy} <time dateTime={token.revokedAt}>{formatDateTime(token.revokedAt)}</time>
                  </span>
                )}
              </td>
              <td>
                {token.status === 'ACTIVE' && (
                  <button type="button" className="button button--small button--danger" onClick={() => onRevoke(token)} aria-label={`Revoke ${token.name}`}>
                    Revoke
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function RevokeDialog({ token, onCancel, onRevoked }: { token: ApiToken; onCancel(): void; onRevoked(): void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const confirm = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await revokeToken(token.id);
      onRevoked();
    } catch (failure) {
      const apiError = toApiError(failure);
      setError(apiError.problem.detail ?? apiError.message);
      setBusy(false);
    }
  };
  return (
    <ConfirmDialog
      title={`Revoke the token “${token.name}”?`}
      description={
        <p>
          Every script that uses <span className="mono">{token.prefix}…</span> (of {token.owner}) is refused from now on. This cannot be
          undone.
        </p>
      }
      confirmLabel="Revoke token"
      danger
      busy={busy}
      error={error}
      onConfirm={confirm}
      onCancel={onCancel}
    />
  );
}

export function TokensPage() {
  useDocumentTitle('API tokens');
  const { user, can } = useAuth();
  const [all, setAll] = useState(false);
  const load = useCallback((signal: AbortSignal) => listTokens(all, signal), [all]);
  const tokens = useAsync(load);
  const [created, setCreated] = useState<CreatedApiToken | null>(null);
  const [revoking, setRevoking] = useState<ApiToken | null>(null);
  const [flash, setFlash] = useState<string | null>(null);
  const [formKey, setFormKey] = useState(0);
  const roles = grantableRoles(user?.roles ?? []);
  const showOwner = all;

  return (
    <>
      <PageHeader title="API tokens">
        <p className="muted">
          Tokens let scripts and tools call the API as you, with some of your roles, without your password: send{' '}
          <code>Authorization: Bearer &lt;token&gt;</code>. Each one expires and can be revoked here.
        </p>
      </PageHeader>
      {flash && <Notice kind="success">{flash}</Notice>}
      {created && (
        <CreatedTokenPanel
          created={created}
          onDone={() => {
            setCreated(null);
            setFlash(null);
          }}
        />
      )}
      <section className="page-section" aria-labelledby="token-new-heading">
        <h2 id="token-new-heading">New token</h2>
        {roles.length === 0 ? (
          <EmptyState title="You hold no role a token could be given." />
        ) : (
          <TokenForm
            key={formKey}
            roles={roles}
            onCreated={(token) => {
              setCreated(token);
              setFlash(null);
              setFormKey((n) => n + 1);
              tokens.reload();
            }}
            onReset={() => setFormKey((n) => n + 1)}
          />
        )}
      </section>
      <section className="page-section" aria-labelledby="token-list-heading">
        <h2 id="token-list-heading">{all ? 'Every user’s tokens' : 'Your tokens'}</h2>
        {can('tokens:admin') && (
          <div className="field field--checkbox">
            <div className="field__checkbox-row">
              <input id="tokens-all" type="checkbox" checked={all} onChange={(event) => setAll(event.target.checked)} />
              <label htmlFor="tokens-all">Show every user’s tokens</label>
            </div>
          </div>
        )}
        {tokens.error && <ErrorMessage error={tokens.error} title="Could not load the tokens" onRetry={tokens.reload} />}
        {!tokens.data && !tokens.error && <Loading label="Loading tokens…" />}
        {tokens.data && tokens.data.length === 0 && (
          <EmptyState title={all ? 'Nobody has an API token yet' : 'You have no API tokens yet'}>
            <p>Create one above for a script or tool.</p>
          </EmptyState>
        )}
        {tokens.data && tokens.data.length > 0 && <TokensTable tokens={tokens.data} showOwner={showOwner} onRevoke={setRevoking} />}
      </section>
      {revoking && (
        <RevokeDialog
          token={revoking}
          onCancel={() => setRevoking(null)}
          onRevoked={() => {
            setFlash(`Token “${revoking.name}” revoked: it no longer works.`);
            if (created?.id === revoking.id) setCreated(null);
            setRevoking(null);
            tokens.reload();
          }}
        />
      )}
    </>
  );
}
