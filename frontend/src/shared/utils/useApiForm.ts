import { useState, type FormEvent } from 'react';
import { toApiError, type ApiError } from '../../app/api';

/**
 * State and submit handling shared by the console's forms: local validation first, then the
 * server's answer; field errors from a problem response land next to their fields, any other
 * failure is shown as a whole. `failedSubmits` changes on every failed attempt so the form can
 * move focus to its error summary.
 */
export function useApiForm<V extends object, I>(
  initial: V,
  toInput: (values: V) => { input: I; errors: Record<string, string> },
  onSubmit: (input: I) => Promise<void>,
) {
  const [values, setValues] = useState<V>(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [saving, setSaving] = useState(false);
  const [failedSubmits, setFailedSubmits] = useState(0);

  const set = <K extends keyof V>(key: K, value: V[K]) => {
    setValues((current) => ({ ...current, [key]: value }));
    const name = String(key);
    if (errors[name]) setErrors(({ [name]: _removed, ...rest }) => rest);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const { input, errors: localErrors } = toInput(values);
    setFailure(null);
    setErrors(localErrors);
    if (Object.keys(localErrors).length > 0) {
      setFailedSubmits((n) => n + 1);
      return;
    }
    setSaving(true);
    try {
      await onSubmit(input);
    } catch (error) {
      const apiError = toApiError(error);
      if (apiError.hasFieldErrors()) {
        setErrors(apiError.fieldErrors);
        setFailedSubmits((n) => n + 1);
      } else {
        setFailure(apiError);
      }
    } finally {
      setSaving(false);
    }
  };

  return { values, set, errors, failure, saving, failedSubmits, submit };
}
