import { api, seg } from '../../app/api';

export type ProfileKind = 'debian-preseed' | 'ubuntu-autoinstall' | 'kickstart' | 'ipxe-script';

export const PROFILE_KINDS: { value: ProfileKind; label: string }[] = [
  { value: 'debian-preseed', label: 'Debian preseed' },
  { value: 'ubuntu-autoinstall', label: 'Ubuntu autoinstall' },
  { value: 'kickstart', label: 'Kickstart (RHEL family)' },
  { value: 'ipxe-script', label: 'Custom iPXE script' },
];

export function kindLabel(kind: ProfileKind | string): string {
  return PROFILE_KINDS.find((entry) => entry.value === kind)?.label ?? kind;
}

export interface Profile {
  name: string;
  description: string | null;
  kind: ProfileKind;
  kernelUrl: string | null;
  initrdUrls: string[];
  kernelArgs: string | null;
  isoUrl: string | null;
  ipxeScript: string | null;
  answerTemplate: string | null;
  /** The profile's own values, used in templates as {{vars.name}}; all must be set before arming. */
  variables: Record<string, string>;
  reinstallOnReboot: boolean;
  maxInstallBoots: number;
  version: number;
  updatedAt: string;
  /**
   * The profile's secrets ({{secrets.name}} in answer files): whether each has a value. The
   * server stores them encrypted and never sends a value back.
   */
  secrets?: Record<string, { set: boolean }>;
}

/**
 * What the form sends. `secrets` is the complete set, by name: a string sets or replaces the
 * value, `''` keeps the name without a value, `null` keeps the stored value; a name left out is
 * removed.
 */
export type ProfileInput = Omit<Profile, 'version' | 'updatedAt' | 'secrets'> & {
  secrets: Record<string, string | null>;
};

export type PreviewFile = 'script' | 'answer';

export function listProfiles(signal?: AbortSignal): Promise<Profile[]> {
  return api.get<Profile[]>('/api/profiles', undefined, signal);
}

export function getProfile(name: string, signal?: AbortSignal): Promise<Profile> {
  return api.get<Profile>(`/api/profiles/${seg(name)}`, undefined, signal);
}

export function createProfile(input: ProfileInput): Promise<Profile> {
  return api.post<Profile>('/api/profiles', input);
}

/** Full replacement including `version` for optimistic locking. */
export function updateProfile(name: string, input: ProfileInput, version: number): Promise<Profile> {
  return api.put<Profile>(`/api/profiles/${seg(name)}`, { ...input, version });
}

export function deleteProfile(name: string): Promise<void> {
  return api.delete(`/api/profiles/${seg(name)}`);
}

/** The iPXE script or answer file as the boot endpoint would render it for that host. */
export function previewProfile(name: string, hostId: string, file: PreviewFile, signal?: AbortSignal): Promise<string> {
  return api.getText(`/api/profiles/${seg(name)}/preview`, { host: hostId, file }, signal);
}
