import { api } from '../../app/api';

export type SettingSource = 'environment' | 'configuration' | 'default' | 'generated' | 'detected';

/** One setting or detected fact of GET /api/settings; a secret's value is only "set (not shown)" or "not set". */
export interface SettingItem {
  id: string;
  label: string;
  value: string | string[] | null;
  secret: boolean;
  /** The Spring property that sets it. */
  property: string | null;
  /** The environment variable that sets it. */
  env: string | null;
  source: SettingSource;
  /** Where exactly: the variable, a file and line, the packaged default. */
  origin: string;
}

export interface SettingGroup {
  id: string;
  title: string;
  items: SettingItem[];
}

export interface Settings {
  readAt: string;
  groups: SettingGroup[];
}

export function getSettings(signal?: AbortSignal): Promise<Settings> {
  return api.get<Settings>('/api/settings', undefined, signal);
}

/** The names of the directory login sources (LDAP, AD), from the settings' login-source groups. */
export function directorySources(settings: Settings): string[] {
  return settings.groups
    .filter((group) => group.id.startsWith('login-source-'))
    .map((group) => ({
      type: group.items.find((item) => item.id.endsWith('.type'))?.value,
      name: group.items.find((item) => item.id.endsWith('.name'))?.value,
    }))
    .filter((source) => source.type === 'ldap' || source.type === 'ad')
    .map((source) => String(source.name));
}

/**
 * An ISO-8601 duration (as Java writes it) the way people read it: `PT24H` -> `1 d`, `PT168H` -> `7 d`,
 * `PT1M30S` -> `1 min 30 s`, `PT0.5S` -> `500 ms`; anything that is not a duration comes back unchanged.
 */
export function formatDuration(value: string): string {
  const match = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(value);
  if (!match || value === 'P' || value.endsWith('T')) return value;
  const [, d = '0', h = '0', m = '0', s = '0'] = match;
  const total = Number(d) * 86400 + Number(h) * 3600 + Number(m) * 60 + Number(s);
  if (total === 0) return '0 s';
  if (total < 1) return `${Math.round(total * 1000)} ms`;
  const parts: string[] = [];
  const units: [number, string][] = [
    [86400, 'd'],
    [3600, 'h'],
    [60, 'min'],
  ];
  let rest = total;
  for (const [size, unit] of units) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)} ${unit}`);
      rest %= size;
    }
  }
  if (rest > 0) parts.push(`${Number(rest.toFixed(3))} s`);
  return parts.join(' ');
}
