import { ErrorSummary, Field, FormActions } from '../../shared/ui/Field';
import { ErrorMessage } from '../../shared/ui/States';
import { useApiForm } from '../../shared/utils/useApiForm';
import { ARCHITECTURES, FIRMWARES, NIC_DRIVERS, type HostInput } from './api';
import { formToInput, HOST_FIELD_LABELS, type HostFormValues } from './hostForm';

interface HostFormProps {
  initial: HostFormValues;
  profileNames: string[];
  submitLabel: string;
  /** Throw an ApiError to show its field errors next to the fields. */
  onSubmit(input: HostInput): Promise<void>;
  onCancel(): void;
}

export function HostForm({ initial, profileNames, submitLabel, onSubmit, onCancel }: HostFormProps) {
  const { values, set, errors, failure, saving, failedSubmits, submit } = useApiForm(initial, formToInput, onSubmit);

  const profiles = values.profile && !profileNames.includes(values.profile) ? [values.profile, ...profileNames] : profileNames;

  return (
    <form className="form" onSubmit={submit} noValidate aria-busy={saving}>
      <ErrorSummary errors={errors} labels={HOST_FIELD_LABELS} focusToken={failedSubmits} />
      {failure && <ErrorMessage error={failure} title={failure.isConflict ? failure.title : 'The host could not be saved'} />}

      <fieldset className="form__section">
        <legend>Identity</legend>
        <div className="form__grid">
          <Field name="hostname" label={HOST_FIELD_LABELS.hostname} error={errors.hostname} required>
            {(props) => (
              <input {...props} value={values.hostname} autoComplete="off" onChange={(e) => set('hostname', e.target.value)} />
            )}
          </Field>
          <Field
            name="profile"
            label={HOST_FIELD_LABELS.profile}
            error={errors.profile}
            hint="What the host installs when it is armed."
          >
            {(props) => (
              <select {...props} value={values.profile} onChange={(e) => set('profile', e.target.value)}>
                <option value="">No profile</option>
                {profiles.map((name) => (
                  <option key={name} value={name}>
                    {name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field
            name="macs"
            label={HOST_FIELD_LABELS.macs}
            error={errors.macs}
            required
            hint="One per line or comma separated, e.g. 52:54:00:12:34:56."
            className="form__wide"
          >
            {(props) => (
              <textarea {...props} rows={3} className="mono" value={values.macs} onChange={(e) => set('macs', e.target.value)} />
            )}
          </Field>
        </div>
      </fieldset>

      <fieldset className="form__section">
        <legend>Network (static, no DHCP)</legend>
        <div className="form__grid">
          <Field name="ip" label={HOST_FIELD_LABELS.ip} error={errors.ip}>
            {(props) => <input {...props} className="mono" value={values.ip} onChange={(e) => set('ip', e.target.value)} />}
          </Field>
          <Field name="prefixLength" label={HOST_FIELD_LABELS.prefixLength} error={errors.prefixLength} hint="e.g. 24 for 255.255.255.0">
            {(props) => (
              <input
                {...props}
                inputMode="numeric"
                value={values.prefixLength}
                onChange={(e) => set('prefixLength', e.target.value)}
              />
            )}
          </Field>
          <Field name="gateway" label={HOST_FIELD_LABELS.gateway} error={errors.gateway}>
            {(props) => (
              <input {...props} className="mono" value={values.gateway} onChange={(e) => set('gateway', e.target.value)} />
            )}
          </Field>
          <Field name="vlan" label={HOST_FIELD_LABELS.vlan} error={errors.vlan} hint="Leave empty for untagged.">
            {(props) => <input {...props} inputMode="numeric" value={values.vlan} onChange={(e) => set('vlan', e.target.value)} />}
          </Field>
          <Field name="dns" label={HOST_FIELD_LABELS.dns} error={errors.dns} hint="One per line or comma separated." className="form__wide">
            {(props) => (
              <textarea {...props} rows={2} className="mono" value={values.dns} onChange={(e) => set('dns', e.target.value)} />
            )}
          </Field>
        </div>
      </fieldset>

      <fieldset className="form__section">
        <legend>Boot</legend>
        <div className="form__grid">
          <ChoiceField name="firmware" values={values} errors={errors} set={set} choices={FIRMWARES} hint="auto builds an ISO that boots on both." />
          <ChoiceField
            name="nicDriver"
            values={values}
            errors={errors}
            set={set}
            choices={NIC_DRIVERS}
            hint="snponly uses the UEFI firmware's network driver."
          />
          <ChoiceField name="architecture" values={values} errors={errors} set={set} choices={ARCHITECTURES} hint="arm64 boots under UEFI only." />
          <Field
            name="labels"
            label={HOST_FIELD_LABELS.labels}
            error={errors.labels}
            hint="One key=value per line, e.g. rack=r12."
            className="form__wide"
          >
            {(props) => (
              <textarea {...props} rows={4} className="mono" value={values.labels} onChange={(e) => set('labels', e.target.value)} />
            )}
          </Field>
        </div>
      </fieldset>

      <FormActions submitLabel={submitLabel} saving={saving} onCancel={onCancel} />
    </form>
  );
}

type ChoiceName = 'firmware' | 'nicDriver' | 'architecture';

/** A select of one of the host's enumerated fields. */
function ChoiceField<K extends ChoiceName>({
  name,
  values,
  errors,
  set,
  choices,
  hint,
}: {
  name: K;
  values: HostFormValues;
  errors: Partial<Record<string, string>>;
  set(name: K, value: HostFormValues[K]): void;
  choices: readonly HostFormValues[K][];
  hint: string;
}) {
  return (
    <Field name={name} label={HOST_FIELD_LABELS[name]} error={errors[name]} hint={hint}>
      {(props) => (
        <select {...props} value={values[name]} onChange={(e) => set(name, e.target.value as HostFormValues[K])}>
          {choices.map((choice) => (
            <option key={choice} value={choice}>
              {choice}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
