import { CheckboxField, ErrorSummary, Field, FormActions } from '../../shared/ui/Field';
import { ErrorMessage } from '../../shared/ui/States';
import { useApiForm } from '../../shared/utils/useApiForm';
import { PERSON_ROLES } from './api';
import {
  MIN_PASSWORD_LENGTH,
  ROLE_HINTS,
  USER_FIELD_LABELS,
  type AccountKind,
  type PersonRole,
  type UserFormValues,
} from './userForm';

interface UserFormProps<I> {
  initial: UserFormValues;
  /** `create`: user name and password; `edit`: the user name is fixed, enabled can change. */
  mode: 'create' | 'edit';
  toInput(values: UserFormValues): { input: I; errors: Record<string, string> };
  submitLabel: string;
  onSubmit(input: I): Promise<void>;
  onCancel(): void;
}

/** The roles as checkboxes for a person, or WORKER alone for an ISO-worker service account. */
function RoleChoices({
  kind,
  roles,
  error,
  onKind,
  onRoles,
}: {
  kind: AccountKind;
  roles: PersonRole[];
  error?: string;
  onKind(kind: AccountKind): void;
  onRoles(roles: PersonRole[]): void;
}) {
  const toggle = (role: PersonRole, checked: boolean) =>
    onRoles(checked ? [...roles, role] : roles.filter((candidate) => candidate !== role));
  return (
    <>
      <fieldset className="field radio-group">
        <legend>Account type</legend>
        <div className="radio-group__options">
          <label>
            <input type="radio" name="kind" value="person" checked={kind === 'person'} onChange={() => onKind('person')} />
            Person
          </label>
          <label>
            <input type="radio" name="kind" value="service" checked={kind === 'service'} onChange={() => onKind('service')} />
            ISO-worker service account
          </label>
        </div>
      </fieldset>
      <fieldset
        id="field-roles"
        tabIndex={-1}
        className={error ? 'field role-choices field--invalid' : 'field role-choices'}
        aria-describedby={error ? 'field-roles-error' : undefined}
      >
        <legend>
          {USER_FIELD_LABELS.roles}
          <span className="field__required" aria-hidden="true">
            {' '}
            *
          </span>
        </legend>
        {kind === 'service' ? (
          <p className="field__hint">
            <span className="badge badge--neutral">WORKER</span> only: the account an ISO worker signs in with. It cannot be
            combined with other roles and cannot use the console.
          </p>
        ) : (
          PERSON_ROLES.map((role) => (
            <label key={role} className="role-choices__option">
              <input type="checkbox" name="roles" value={role} checked={roles.includes(role)} onChange={(e) => toggle(role, e.target.checked)} />
              <span className="mono">{role}</span> <span className="muted small">{ROLE_HINTS[role]}</span>
            </label>
          ))
        )}
        {error && (
          <p className="field__error" id="field-roles-error">
            {error}
          </p>
        )}
      </fieldset>
    </>
  );
}

export function UserForm<I>({ initial, mode, toInput, submitLabel, onSubmit, onCancel }: UserFormProps<I>) {
  const { values, set, errors, failure, saving, failedSubmits, submit } = useApiForm(initial, toInput, onSubmit);
  return (
    <form className="form" onSubmit={submit} noValidate aria-busy={saving}>
      <ErrorSummary errors={errors} labels={USER_FIELD_LABELS} focusToken={failedSubmits} />
      {failure && <ErrorMessage error={failure} title="The user could not be saved" />}
      <fieldset className="form__section">
        <legend>Account</legend>
        <div className="form__grid">
          <Field
            name="username"
            label={USER_FIELD_LABELS.username}
            error={errors.username}
            required
            hint={mode === 'edit' ? 'The user name cannot be changed.' : "Lower-case letters, digits, '.', '_', '-'; at most 64."}
          >
            {(props) => (
              <input
                {...props}
                value={values.username}
                readOnly={mode === 'edit'}
                autoComplete="off"
                onChange={(e) => set('username', e.target.value)}
              />
            )}
          </Field>
          <Field name="displayName" label={USER_FIELD_LABELS.displayName} error={errors.displayName} hint="Default: the user name.">
            {(props) => <input {...props} value={values.displayName} onChange={(e) => set('displayName', e.target.value)} />}
          </Field>
          {mode === 'create' && (
            <Field
              name="password"
              label={USER_FIELD_LABELS.password}
              error={errors.password}
              required
              hint={`At least ${MIN_PASSWORD_LENGTH} characters.`}
            >
              {(props) => (
                <input {...props} type="password" autoComplete="new-password" value={values.password} onChange={(e) => set('password', e.target.value)} />
              )}
            </Field>
          )}
          {mode === 'edit' && (
            <CheckboxField
              name="enabled"
              label={USER_FIELD_LABELS.enabled}
              checked={values.enabled}
              error={errors.enabled}
              hint="A disabled user cannot sign in."
              onChange={(checked) => set('enabled', checked)}
            />
          )}
        </div>
      </fieldset>
      <fieldset className="form__section">
        <legend>Access</legend>
        <RoleChoices
          kind={values.kind}
          roles={values.roles}
          error={errors.roles}
          onKind={(kind) => set('kind', kind)}
          onRoles={(roles) => set('roles', roles)}
        />
      </fieldset>
      <FormActions submitLabel={submitLabel} saving={saving} onCancel={onCancel} />
    </form>
  );
}
