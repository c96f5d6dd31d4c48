import { api, seg } from '../../app/api';
import type { UserRole } from '../users/api';

export type TokenStatus = 'ACTIVE' | 'EXPIRED' | 'REVOKED';

/** An API token as listed: never its secret. */
export interface ApiToken {
  id: string;
  /** How the token starts (`bw_<id>_`), to recognise it. */
  prefix: string;
  name: string;
  owner: string;
  ownerSource: string;
  roles: UserRole[];
  /** The token's roles its owner still holds (empty once revoked or expired). */
  effectiveRoles: UserRole[];
  createdAt: string;
  expiresAt: string;
  lastUsedAt: string | null;
  lastUsedFrom: string | null;
  revokedAt: string | null;
  revokedBy: string | null;
  status: TokenStatus;
}

/** The answer to a creation: the only time the token itself is shown. */
export interface CreatedApiToken extends ApiToken {
  token: string;
}

/** Either `lifetime` (ISO-8601 duration, e.g. `P30D`) or `expiresAt`. */
export interface NewTokenInput {
  name: string;
  roles: UserRole[];
  lifetime?: string;
  expiresAt?: string;
}

/** The caller's tokens; `all`: everyone's (admins only). */
export function listTokens(all: boolean, signal?: AbortSignal): Promise<ApiToken[]> {
  return api.get<ApiToken[]>('/api/tokens', all ? { all: true } : undefined, signal);
}

export function createToken(input: NewTokenInput): Promise<CreatedApiToken> {
  return api.post<CreatedApiToken>('/api/tokens', input);
}

export function revokeToken(id: string): Promise<void> {
  return api.delete(`/api/tokens/${seg(id)}`);
}
