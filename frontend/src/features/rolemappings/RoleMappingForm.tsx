import { ErrorSummary, Field, FormActions } from '../../shared/ui/Field';
import { ErrorMessage } from '../../shared/ui/States';
import { useApiForm } from '../../shared/utils/useApiForm';
import { PERSON_ROLES } from '../users/api';
import { ROLE_HINTS } from '../users/userForm';
import { ANY_SOURCE, type MappedRole, type RoleMappingInput } from './api';
import { formToRoleMapping, isDn, ROLE_MAPPING_LABELS, type RoleMappingFormValues } from './roleMappingForm';

interface RoleMappingFormProps {
  initial: RoleMappingFormValues;
  /** The directory login sources (from the settings); null when unknown: the source is typed in. */
  sources: string[] | null;
  submitLabel: string;
  onSubmit(input: RoleMappingInput): Promise<void>;
  onCancel(): void;
}

export function RoleMappingForm({ initial, sources, submitLabel, onSubmit, onCancel }: RoleMappingFormProps) {
  const { values, set, errors, failure, saving, failedSubmits, submit } = useApiForm(initial, formToRoleMapping, onSubmit);
  const toggle = (role: MappedRole, checked: boolean) =>
    set('roles', checked ? [...values.roles, role] : values.roles.filter((candidate) => candidate !== role));
  const options = sources && values.source !== ANY_SOURCE && !sources.includes(values.source) ? [...sources, values.source] : sources;

  return (
    <form className="form" onSubmit={submit} noValidate aria-busy={saving}>
      <ErrorSummary errors={errors} labels={ROLE_MAPPING_LABELS} focusToken={failedSubmits} />
      {failure && <ErrorMessage error={failure} title="The role mapping could not be saved" />}
      <fieldset className="form__section">
        <legend>Group</legend>
        <div className="form__grid">
          <Field
            name="group"
            label={ROLE_MAPPING_LABELS.group}
            error={errors.group}
            required
            className="form__wide"
            hint={
              values.group.trim()
                ? isDn(values.group)
                  ? 'A DN: compared as a DN (letter case and spaces around separators do not matter).'
                  : 'A group name: compared with the group-name attribute (cn), letter case does not matter.'
                : "The group's DN (CN=Provisioning-Operators,OU=Groups,DC=corp,DC=example,DC=test) or its name (Provisioning-Operators)."
            }
          >
            {(props) => (
              <input {...props} className="mono" value={values.group} autoComplete="off" onChange={(e) => set('group', e.target.value)} />
            )}
          </Field>
          <Field
            name="source"
            label={ROLE_MAPPING_LABELS.source}
            error={errors.source}
            hint="Only for users of this directory, or of every directory source."
          >
            {(props) =>
              options ? (
                <select {...props} value={values.source} onChange={(e) => set('source', e.target.value)}>
                  <option value={ANY_SOURCE}>every directory source (*)</option>
                  {options.map((name) => (
                    <option key={name} value={name}>
                      {name}
                    </option>
                  ))}
                </select>
              ) : (
                <input {...props} className="mono" value={values.source} onChange={(e) => set('source', e.target.value)} />
              )
            }
          </Field>
        </div>
      </fieldset>
      <fieldset
        id="field-roles"
        tabIndex={-1}
        className={errors.roles ? 'form__section field role-choices field--invalid' : 'form__section field role-choices'}
        aria-describedby={errors.roles ? 'field-roles-error' : undefined}
      >
        <legend>
          {ROLE_MAPPING_LABELS.roles}
          <span className="field__required" aria-hidden="true">
            {' '}
            *
          </span>
        </legend>
        <p className="field__hint">A member of the group gets these roles at their next login (WORKER is never given by a group).</p>
        {PERSON_ROLES.map((role) => (
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
      <FormActions submitLabel={submitLabel} saving={saving} onCancel={onCancel} />
    </form>
  );
}
