import { ErrorSummary, Field, FormActions } from '../../shared/ui/Field';
import { ErrorMessage } from '../../shared/ui/States';
import { useApiForm } from '../../shared/utils/useApiForm';
import type { Host } from '../hosts/api';
import type { TicketInput } from './api';
import { formToInput, TICKET_FIELD_LABELS, type TicketFormValues } from './ticketForm';

interface TicketFormProps {
  initial: TicketFormValues;
  hosts: Pick<Host, 'id' | 'hostname' | 'profile' | 'openTicketId'>[];
  profileNames: string[];
  /** Throw an ApiError to show its field errors next to the fields. */
  onSubmit(input: TicketInput): Promise<void>;
  onCancel(): void;
}

export function TicketForm({ initial, hosts, profileNames, onSubmit, onCancel }: TicketFormProps) {
  const { values, set, errors, failure, saving, failedSubmits, submit } = useApiForm(initial, formToInput, onSubmit);
  const host = hosts.find((candidate) => String(candidate.id) === values.hostId);

  return (
    <form className="form" onSubmit={submit} noValidate aria-busy={saving}>
      <ErrorSummary errors={errors} labels={TICKET_FIELD_LABELS} focusToken={failedSubmits} />
      {failure && <ErrorMessage error={failure} title={failure.isConflict ? failure.title : 'The ticket could not be filed'} />}

      <fieldset className="form__section">
        <legend>What to reinstall</legend>
        <div className="form__grid">
          <Field
            name="hostId"
            label={TICKET_FIELD_LABELS.hostId}
            error={errors.hostId}
            required
            hint={host?.openTicketId ? `This host already has open ticket ${host.openTicketId}.` : undefined}
          >
            {(props) => (
              <select {...props} value={values.hostId} onChange={(e) => set('hostId', e.target.value)}>
                <option value="">Choose a host…</option>
                {hosts.map((candidate) => (
                  <option key={candidate.id} value={String(candidate.id)}>
                    {candidate.hostname}
                    {candidate.openTicketId ? ` (open ticket ${candidate.openTicketId})` : ''}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field name="profile" label={TICKET_FIELD_LABELS.profile} error={errors.profile} hint="What the host installs.">
            {(props) => (
              <select {...props} value={values.profile} onChange={(e) => set('profile', e.target.value)}>
                <option value="">{host?.profile ? `The host's profile (${host.profile})` : "The host's profile"}</option>
                {profileNames.map((name) => (
                  <option key={name} value={name}>
                    {name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
      </fieldset>

      <fieldset className="form__section">
        <legend>Why and when</legend>
        <div className="form__grid">
          <Field
            name="reason"
            label={TICKET_FIELD_LABELS.reason}
            error={errors.reason}
            required
            hint="Approvers decide on this; e.g. a change number. At most 500 characters."
            className="form__wide"
          >
            {(props) => <textarea {...props} rows={3} value={values.reason} onChange={(e) => set('reason', e.target.value)} />}
          </Field>
          <Field
            name="windowStart"
            label={TICKET_FIELD_LABELS.windowStart}
            error={errors.windowStart}
            hint="Optional, your local time: after approval the host is armed no earlier than this."
          >
            {(props) => (
              <input {...props} type="datetime-local" value={values.windowStart} onChange={(e) => set('windowStart', e.target.value)} />
            )}
          </Field>
        </div>
      </fieldset>

      <FormActions submitLabel={"Request reinstall"} saving={saving} savingLabel="Filing…" onCancel={onCancel} />
    </form>
  );
}
