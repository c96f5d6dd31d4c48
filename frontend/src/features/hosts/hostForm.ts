import { splitList } from '../../shared/utils/format';
import type { Architecture, Firmware, Host, HostInput, NicDriver } from './api';

/** What the form edits: everything as text, parsed on submit. */
export interface HostFormValues {
  hostname: string;
  macs: string;
  ip: string;
  prefixLength: string;
  gateway: string;
  dns: string;
  vlan: string;
  firmware: Firmware;
  nicDriver: NicDriver;
  architecture: Architecture;
  profile: string;
  labels: string;
}

export const HOST_FIELD_LABELS: Record<keyof HostFormValues, string> = {
  hostname: 'Hostname',
  macs: 'MAC addresses',
  ip: 'IP address',
  prefixLength: 'Prefix length',
  gateway: 'Gateway',
  dns: 'DNS servers',
  vlan: 'VLAN',
  firmware: 'Firmware',
  nicDriver: 'iPXE NIC driver',
  architecture: 'Architecture',
  profile: 'Profile',
  labels: 'Labels',
};

export function emptyHostForm(): HostFormValues {
  return {
    hostname: '',
    macs: '',
    ip: '',
    prefixLength: '24',
    gateway: '',
    dns: '',
    vlan: '',
    firmware: 'auto',
    nicDriver: 'full',
    architecture: 'x86_64',
    profile: '',
    labels: '',
  };
}

export function formatLabels(labels: Record<string, string> | null | undefined): string {
  return Object.entries(labels ?? {})
    .map(([key, value]) => `${key}=${value}`)
    .join('\n');
}

export function hostToForm(host: Host): HostFormValues {
  return {
    hostname: host.hostname ?? '',
    macs: (host.macs ?? []).join('\n'),
    ip: host.ip ?? '',
    prefixLength: host.prefixLength == null ? '' : String(host.prefixLength),
    gateway: host.gateway ?? '',
    dns: (host.dns ?? []).join('\n'),
    vlan: host.vlan == null ? '' : String(host.vlan),
    firmware: host.firmware ?? 'auto',
    nicDriver: host.nicDriver ?? 'full',
    architecture: host.architecture ?? 'x86_64',
    profile: host.profile ?? '',
    labels: formatLabels(host.labels),
  };
}

/** Parses `key=value` lines; blank lines and `#` comments are skipped. */
export function parseLabels(text: string): { labels: Record<string, string>; error?: string } {
  const labels: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) return { labels, error: `Line ${i + 1}: expected key=value, got "${line}".` };
    const key = line.slice(0, eq).trim();
    if (key in labels) return { labels, error: `Line ${i + 1}: label "${key}" is given twice.` };
    labels[key] = line.slice(eq + 1).trim();
  }
  return { labels };
}

function parseOptionalInt(text: string, label: string, min: number, max: number): { value: number | null; error?: string } {
  const trimmed = text.trim();
  if (!trimmed) return { value: null };
  if (!/^\d+$/.test(trimmed)) return { value: null, error: `${label} must be a whole number.` };
  const value = Number(trimmed);
  if (value < min || value > max) return { value, error: `${label} must be between ${min} and ${max}.` };
  return { value };
}

/**
 * Converts form text into the API body. Only checks what the form itself owns (number syntax,
 * label lines, required fields); MAC/IP validity and uniqueness are the server's to judge.
 */
export function formToInput(values: HostFormValues): { input: HostInput; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const hostname = values.hostname.trim();
  if (!hostname) errors.hostname = 'Hostname is required.';
  const macs = splitList(values.macs);
  if (macs.length === 0) errors.macs = 'At least one MAC address is required.';
  const prefix = parseOptionalInt(values.prefixLength, 'Prefix length', 0, 128);
  if (prefix.error) errors.prefixLength = prefix.error;
  const vlan = parseOptionalInt(values.vlan, 'VLAN', 1, 4094);
  if (vlan.error) errors.vlan = vlan.error;
  const labels = parseLabels(values.labels);
  if (labels.error) errors.labels = labels.error;

  const input: HostInput = {
    hostname,
    macs,
    ip: values.ip.trim() || null,
    prefixLength: prefix.value,
    gateway: values.gateway.trim() || null,
    dns: splitList(values.dns),
    vlan: vlan.value,
    firmware: values.firmware,
    nicDriver: values.nicDriver,
    architecture: values.architecture,
    profile: values.profile || null,
    labels: labels.labels,
  };
  return { input, errors };
}
