import { splitLines } from '../../shared/utils/format';
import { formatLabels, parseLabels } from '../hosts/hostForm';
import type { Profile, ProfileInput, ProfileKind } from './api';

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
      reinstallOnReboot: values.reinstallOnReboot,
      maxInstallBoots,
    },
    errors,
  };
}
