import { CheckboxField, ErrorSummary, Field, FormActions } from '../../shared/ui/Field';
import { ErrorMessage } from '../../shared/ui/States';
import { useApiForm } from '../../shared/utils/useApiForm';
import { PROFILE_KINDS, type ProfileInput } from './api';
import { formToProfileInput, PROFILE_FIELD_LABELS, type ProfileFormValues } from './profileForm';
import { SecretsEditor } from './SecretsEditor';

interface ProfileFormProps {
  initial: ProfileFormValues;
  /** The name is the profile's key; it cannot change once created. */
  nameLocked?: boolean;
  submitLabel: string;
  onSubmit(input: ProfileInput): Promise<void>;
  onCancel(): void;
}

export function ProfileForm({ initial, nameLocked, submitLabel, onSubmit, onCancel }: ProfileFormProps) {
  const { values, set, errors, failure, saving, failedSubmits, submit } = useApiForm(initial, formToProfileInput, onSubmit);

  const scriptKind = values.kind === 'ipxe-script';

  return (
    <form className="form" onSubmit={submit} noValidate aria-busy={saving}>
      <ErrorSummary errors={errors} labels={PROFILE_FIELD_LABELS} focusToken={failedSubmits} />
      {failure && <ErrorMessage error={failure} title={failure.isConflict ? failure.title : 'The profile could not be saved'} />}

      <fieldset className="form__section">
        <legend>Profile</legend>
        <div className="form__grid">
          <Field
            name="name"
            label={PROFILE_FIELD_LABELS.name}
            error={errors.name}
            required
            hint={nameLocked ? 'The name identifies the profile and cannot be changed.' : 'Hosts refer to the profile by this name.'}
          >
            {(props) => (
              <input
                {...props}
                value={values.name}
                readOnly={nameLocked}
                autoComplete="off"
                onChange={(e) => set('name', e.target.value)}
              />
            )}
          </Field>
          <Field name="kind" label={PROFILE_FIELD_LABELS.kind} error={errors.kind} required>
            {(props) => (
              <select {...props} value={values.kind} onChange={(e) => set('kind', e.target.value as ProfileFormValues['kind'])}>
                {PROFILE_KINDS.map((kind) => (
                  <option key={kind.value} value={kind.value}>
                    {kind.label}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field name="description" label={PROFILE_FIELD_LABELS.description} error={errors.description} className="form__wide">
            {(props) => <input {...props} value={values.description} onChange={(e) => set('description', e.target.value)} />}
          </Field>
        </div>
      </fieldset>

      <fieldset className="form__section">
        <legend>Installer</legend>
        <div className="form__grid">
          <Field name="kernelUrl" label={PROFILE_FIELD_LABELS.kernelUrl} error={errors.kernelUrl} className="form__wide">
            {(props) => (
              <input {...props} type="url" className="mono" value={values.kernelUrl} onChange={(e) => set('kernelUrl', e.target.value)} />
            )}
          </Field>
          <Field
            name="initrdUrls"
            label={PROFILE_FIELD_LABELS.initrdUrls}
            error={errors.initrdUrls}
            hint="One URL per line, in load order."
            className="form__wide"
          >
            {(props) => (
              <textarea {...props} rows={2} className="mono" value={values.initrdUrls} onChange={(e) => set('initrdUrls', e.target.value)} />
            )}
          </Field>
          <Field name="kernelArgs" label={PROFILE_FIELD_LABELS.kernelArgs} error={errors.kernelArgs} className="form__wide">
            {(props) => (
              <input {...props} className="mono" value={values.kernelArgs} onChange={(e) => set('kernelArgs', e.target.value)} />
            )}
          </Field>
          <Field name="isoUrl" label={PROFILE_FIELD_LABELS.isoUrl} error={errors.isoUrl} className="form__wide">
            {(props) => (
              <input {...props} type="url" className="mono" value={values.isoUrl} onChange={(e) => set('isoUrl', e.target.value)} />
            )}
          </Field>
          <Field
            name="maxInstallBoots"
            label={PROFILE_FIELD_LABELS.maxInstallBoots}
            error={errors.maxInstallBoots}
            required
            hint="Install boots allowed before the host is held for an operator."
          >
            {(props) => (
              <input
                {...props}
                inputMode="numeric"
                value={values.maxInstallBoots}
                onChange={(e) => set('maxInstallBoots', e.target.value)}
              />
            )}
          </Field>
          <CheckboxField
            name="reinstallOnReboot"
            label={PROFILE_FIELD_LABELS.reinstallOnReboot}
            checked={values.reinstallOnReboot}
            error={errors.reinstallOnReboot}
            onChange={(checked) => set('reinstallOnReboot', checked)}
          />
        </div>
      </fieldset>

      <fieldset className="form__section">
        <legend>Templates</legend>
        <Field
          name="ipxeScript"
          label={PROFILE_FIELD_LABELS.ipxeScript}
          error={errors.ipxeScript}
          hint="Rendered per host by the boot endpoint when a host with this profile installs."
        >
          {(props) => (
            <textarea
              {...props}
              rows={scriptKind ? 14 : 8}
              className="mono code-input"
              spellCheck={false}
              value={values.ipxeScript}
              onChange={(e) => set('ipxeScript', e.target.value)}
            />
          )}
        </Field>
        <Field
          name="answerTemplate"
          label={PROFILE_FIELD_LABELS.answerTemplate}
          error={errors.answerTemplate}
          hint="Preseed, autoinstall user-data or kickstart, rendered per host."
        >
          {(props) => (
            <textarea
              {...props}
              rows={14}
              className="mono code-input"
              spellCheck={false}
              value={values.answerTemplate}
              onChange={(e) => set('answerTemplate', e.target.value)}
            />
          )}
        </Field>
        <Field
          name="variables"
          label={PROFILE_FIELD_LABELS.variables}
          error={errors.variables}
          hint="One name=value per line, used in templates as {{vars.name}}. Hosts cannot be armed while a variable is empty. Password hashes belong in Secrets, not here."
        >
          {(props) => (
            <textarea
              {...props}
              rows={5}
              className="mono code-input"
              spellCheck={false}
              value={values.variables}
              onChange={(e) => set('variables', e.target.value)}
            />
          )}
        </Field>
      </fieldset>

      <SecretsEditor entries={values.secrets} error={errors.secrets} onChange={(entries) => set('secrets', entries)} />

      <FormActions submitLabel={submitLabel} saving={saving} onCancel={onCancel} />
    </form>
  );
}
