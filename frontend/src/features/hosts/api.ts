import { api, seg, type Page } from '../../app/api';

export type BootState = 'LOCAL' | 'ARMED' | 'INSTALLING' | 'HELD';
export type Firmware = 'bios' | 'uefi' | 'auto';
export type NicDriver = 'full' | 'snponly';

export const BOOT_STATES: BootState[] = ['LOCAL', 'ARMED', 'INSTALLING', 'HELD'];
export const FIRMWARES: Firmware[] = ['auto', 'bios', 'uefi'];
export const NIC_DRIVERS: NicDriver[] = ['full', 'snponly'];

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
  profile: string | null;
  labels: Record<string, string>;
  bootState: BootState;
  stateReason: string | null;
  stateChangedAt: string | null;
  installBoots: number;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** The fields a client may write; the server owns id, boot state, counters and timestamps. */
export type HostInput = Pick<
  Host,
  'hostname' | 'macs' | 'ip' | 'prefixLength' | 'gateway' | 'dns' | 'vlan' | 'firmware' | 'nicDriver' | 'profile' | 'labels'
>;

export interface HostQuery {
  q?: string;
  state?: string;
  profile?: string;
  /** `key=value` */
  label?: string;
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

/** Next boot installs; allowed from LOCAL or HELD. */
export function armHost(id: Host['id'], reason: string): Promise<Host> {
  return api.post<Host>(`/api/hosts/${seg(id)}/arm`, { reason });
}

/** ARMED, INSTALLING (abort) or HELD -> LOCAL. */
export function disarmHost(id: Host['id'], reason: string): Promise<Host> {
  return api.post<Host>(`/api/hosts/${seg(id)}/disarm`, { reason });
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
export function canBootFloppy(host: Pick<Host, 'firmware' | 'nicDriver'>): boolean {
  return host.firmware !== 'uefi' && host.nicDriver !== 'snponly';
}

export function canArm(state: BootState): boolean {
  return state === 'LOCAL' || state === 'HELD';
}

export function canDisarm(state: BootState): boolean {
  return state === 'ARMED' || state === 'INSTALLING' || state === 'HELD';
}
