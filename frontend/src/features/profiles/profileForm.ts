import { splitLines } from '../../shared/utils/format';
import { formatLabels, parseLabels } from '../hosts/hostForm';
import type { Profile, ProfileInput, ProfileKind } from './api';

/**
 * One secret in the editor. A stored value is never loaded: `set` says whether there is one, and
 * `action` what the save does with it.
 */
export interface SecretEntry {
  name: string;
  /** Whether the server holds a value for it (false for a secret added in this form). */
  set: boolean;
  /** Added in this form (its name can still be edited). */
  added: boolean;
  action: 'keep' | 'replace' | 'clear' | 'remove';
  /** The new value when replacing (or for an added secret); never the stored one. */
  value: string;
}

export interface ProfileFormValues {
  name: string;
  description: string;
  kind: ProfileKind;
  kernelUrl: string;
  initrdUrls: string;
  kernelArgs: string;
  isoUrl: string;
  ipxeScript: string;
  answerTemplate: string;
  variables: string;
  secrets: SecretEntry[];
  reinstallOnReboot: boolean;
  maxInstallBoots: string;
}

export const PROFILE_FIELD_LABELS: Record<keyof ProfileFormValues, string> = {
  name: 'Name',
  description: 'Description',
  kind: 'Kind',
  kernelUrl: 'Kernel URL',
  initrdUrls: 'Initrd URLs',
  kernelArgs: 'Kernel arguments',
  isoUrl: 'Installer ISO URL',
  ipxeScript: 'iPXE script template',
  answerTemplate: 'Answer file template',
  variables: 'Variables',
  secrets: 'Secrets',
  reinstallOnReboot: 'Reinstall on every reboot while armed',
  maxInstallBoots: 'Maximum install boots',
};

export function emptyProfileForm(): ProfileFormValues {
  return {
    name: '',
    description: '',
    kind: 'debian-preseed',
    kernelUrl: '',
    initrdUrls: '',
    kernelArgs: '',
    isoUrl: '',
    ipxeScript: '',
    answerTemplate: '',
    variables: '',
    secrets: [],
    reinstallOnReboot: false,
    maxInstallBoots: '3',
  };
}

export function profileToForm(profile: Profile): ProfileFormValues {
  return {
    name: profile.name,
    description: profile.description ?? '',
    kind: profile.kind,
    kernelUrl: profile.kernelUrl ?? '',
    initrdUrls: (profile.initrdUrls ?? []).join('\n'),
    kernelArgs: profile.kernelArgs ?? '',
    isoUrl: profile.isoUrl ?? '',
    ipxeScript: profile.ipxeScript ?? '',
    answerTemplate: profile.answerTemplate ?? '',
    variables: formatLabels(profile.variables),
    secrets: Object.entries(profile.secrets ?? {}).map(([name, state]) => ({
      name,
      set: Boolean(state?.set),
      added: false,
      action: 'keep' as const,
      value: '',
    })),
    reinstallOnReboot: Boolean(profile.reinstallOnReboot),
    maxInstallBoots: profile.maxInstallBoots == null ? '' : String(profile.maxInstallBoots),
  };
}

const orNull = (text: string) => (text.trim() ? text : null);

export function formToProfileInput(values: ProfileFormValues): { input: ProfileInput; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const name = values.name.trim();
  if (!name) errors.name = 'Name is required.';
  const boots = values.maxInstallBoots.trim();
  let maxInstallBoots = 0;
  if (!/^\d+$/.test(boots) || Number(boots) < 1) {
    errors.maxInstallBoots = 'Enter a whole number of at least 1.';
  } else {
    maxInstallBoots = Number(boots);
  }
  const vars = parseLabels(values.variables);
  if (vars.error) errors.variables = vars.error.replace('label', 'variable');
  const secrets = secretsInput(values.secrets);
  if (secrets.error) errors.secrets = secrets.error;
  return {
    input: {
      name,
      description: orNull(values.description.trim()),
      kind: values.kind,
      kernelUrl: orNull(values.kernelUrl.trim()),
      initrdUrls: splitLines(values.initrdUrls),
      kernelArgs: orNull(values.kernelArgs.trim()),
      isoUrl: orNull(values.isoUrl.trim()),
      // Templates keep their whitespace exactly.
      ipxeScript: orNull(values.ipxeScript),
      answerTemplate: orNull(values.answerTemplate),
      variables: vars.labels,
      secrets: secrets.input,
      reinstallOnReboot: values.reinstallOnReboot,
      maxInstallBoots,
    },
    errors,
  };
}

const SECRET_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

/** The secrets as the API takes them: value (set or replace), '' (no value), null (keep); removed ones left out. */
export function secretsInput(entries: SecretEntry[]): { input: Record<string, string | null>; error?: string } {
  const input: Record<string, string | null> = {};
  for (const entry of entries) {
    if (entry.action === 'remove') continue;
    const name = entry.name.trim();
    if (!SECRET_NAME.test(name)) {
      return { input, error: `Secret name '${name}' must be a letter followed by letters, digits or _.` };
    }
    if (name in input) {
      return { input, error: `Secret ${name} is listed twice.` };
    }
    if (entry.action === 'replace' && !entry.value) {
      return { input, error: `Enter the new value of secret ${name}, or keep the current one.` };
    }
    input[name] = entry.added || entry.action === 'replace' ? entry.value : entry.action === 'clear' ? '' : null;
  }
  return { input };
}
