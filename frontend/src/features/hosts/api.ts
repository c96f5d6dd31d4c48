import { api, seg, type Page } from '../../app/api';
import { changingTasks } from '../../shared/utils/tasksChanged';

export type BootState = 'LOCAL' | 'ARMED' | 'INSTALLING' | 'HELD';
export type Firmware = 'bios' | 'uefi' | 'auto';
export type NicDriver = 'full' | 'snponly';
export type Architecture = 'x86_64' | 'arm64';

export const BOOT_STATES: BootState[] = ['LOCAL', 'ARMED', 'INSTALLING', 'HELD'];
export const FIRMWARES: Firmware[] = ['auto', 'bios', 'uefi'];
export const NIC_DRIVERS: NicDriver[] = ['full', 'snponly'];
export const ARCHITECTURES: Architecture[] = ['x86_64', 'arm64'];

export interface Host {
  id: string | number;
  hostname: string;
  macs: string[];
  ip: string | null;
  prefixLength: number | null;
  gateway: string | null;
  dns: string[];
  vlan: number | null;
  firmware: Firmware;
  nicDriver: NicDriver;
  /** Which iPXE the image carries; arm64 boots under UEFI only. */
  architecture: Architecture;
  profile: string | null;
  labels: Record<string, string>;
  bootState: BootState;
  stateReason: string | null;
  stateChangedAt: string | null;
  installBoots: number;
  /** When the host last finished an install; null before its first. */
  lastInstallAt?: string | null;
  /** The ticket (at most one) whose workflow drives the host now. */
  openTicketId: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** The fields a client may write; the server owns id, boot state, counters and timestamps. */
export type HostInput = Pick<
  Host,
  'hostname' | 'macs' | 'ip' | 'prefixLength' | 'gateway' | 'dns' | 'vlan' | 'firmware' | 'nicDriver' | 'architecture' | 'profile' | 'labels'
>;

export interface HostQuery {
  q?: string;
  state?: string;
  profile?: string;
  /** `key=value`, or `key` for any value */
  label?: string;
  /** CIDR: hosts whose IP is inside it */
  subnet?: string;
  page: number;
  size: number;
  /** `field,asc|desc` */
  sort: string;
}

export function listHosts(query: HostQuery, signal?: AbortSignal): Promise<Page<Host>> {
  return api.get<Page<Host>>('/api/hosts', { ...query }, signal);
}

export function getHost(id: string, signal?: AbortSignal): Promise<Host> {
  return api.get<Host>(`/api/hosts/${seg(id)}`, undefined, signal);
}

export function createHost(input: HostInput): Promise<Host> {
  return api.post<Host>('/api/hosts', input);
}

/** Full replacement; `version` is checked by the server (409 when someone else saved first). */
export function updateHost(id: Host['id'], input: HostInput, version: number): Promise<Host> {
  return api.put<Host>(`/api/hosts/${seg(id)}`, { ...input, id, version });
}

export function deleteHost(id: Host['id']): Promise<void> {
  return api.delete(`/api/hosts/${seg(id)}`);
}

/**
 * Emergency arm (operators): the next boot installs at once, with no approval and no ISO build.
 * It is still a ticket (kind EMERGENCY, audited as an emergency); refused while the host has an
 * open ticket or is ARMED/INSTALLING.
 */
export function emergencyArmHost(id: Host['id'], reason: string): Promise<Host> {
  return changingTasks(api.post<Host>(`/api/hosts/${seg(id)}/arm`, { reason }));
}

/** Back to LOCAL: cancels the host's open ticket while that is possible, otherwise aborts it. */
export function disarmHost(id: Host['id'], reason: string): Promise<Host> {
  return changingTasks(api.post<Host>(`/api/hosts/${seg(id)}/disarm`, { reason }));
}

/** A new boot token: every image issued before stops working; refused while INSTALLING. */
export function rotateHostToken(id: Host['id'], reason: string): Promise<Host> {
  return api.post<Host>(`/api/hosts/${seg(id)}/rotate-token`, { reason });
}

export function isoUrl(id: Host['id']): string {
  return `/api/hosts/${seg(id)}/iso`;
}

/** The same hybrid image scripted for a USB stick (BIOS local boot then uses drive 0x81). */
export function usbImageUrl(id: Host['id']): string {
  return `/api/hosts/${seg(id)}/usb`;
}

/** A 1.44 MB floppy image for BIOS-only machines (the floppy is drive 0x00, local boot uses 0x80). */
export function floppyImageUrl(id: Host['id']): string {
  return `/api/hosts/${seg(id)}/floppy`;
}

/** A floppy boots only under BIOS with iPXE's own NIC drivers: the server answers 409 otherwise. */
export function canBootFloppy(host: Pick<Host, 'firmware' | 'nicDriver' | 'architecture'>): boolean {
  return host.firmware !== 'uefi' && host.nicDriver !== 'snponly' && host.architecture !== 'arm64';
}

/** Why an emergency arm is refused now, or null when it is possible. */
export function emergencyArmBlocker(host: Pick<Host, 'bootState' | 'openTicketId'>): string | null {
  if (host.openTicketId) return `Host has open ticket ${host.openTicketId}: finish, cancel or disarm it first`;
  if (host.bootState !== 'LOCAL' && host.bootState !== 'HELD') return 'Only a LOCAL or HELD host can be armed';
  return null;
}

/** Disarm applies to an armed, installing or held host, and to any host with an open ticket. */
export function canDisarm(host: Pick<Host, 'bootState' | 'openTicketId'>): boolean {
  return Boolean(host.openTicketId) || host.bootState === 'ARMED' || host.bootState === 'INSTALLING' || host.bootState === 'HELD';
}
