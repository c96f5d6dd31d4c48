import { PERSON_ROLES } from '../users/api';
import { ANY_SOURCE, type MappedRole, type RoleMapping, type RoleMappingInput } from './api';

export interface RoleMappingFormValues {
  group: string;
  roles: MappedRole[];
  source: string;
}

export const ROLE_MAPPING_LABELS: Record<string, string> = {
  group: 'Directory group',
  roles: 'Roles',
  source: 'Login source',
};

export const emptyRoleMappingForm = (): RoleMappingFormValues => ({ group: '', roles: [], source: ANY_SOURCE });

export const roleMappingToForm = (mapping: RoleMapping): RoleMappingFormValues => ({
  group: mapping.group,
  roles: [...mapping.roles],
  source: mapping.source,
});

/** A DN names its group by `attribute=value` pairs; anything else is a group name. */
export const isDn = (group: string) => group.includes('=');

/** The checks the form makes first; the server checks the same (and that a DN parses) and answers at the fields. */
export function formToRoleMapping(values: RoleMappingFormValues): { input: RoleMappingInput; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const group = values.group.trim();
  if (!group) errors.group = "a group's DN (CN=Ops,OU=Groups,DC=corp,DC=example) or its name (Ops)";
  else if (group.length > 500) errors.group = 'at most 500 characters';
  const roles = PERSON_ROLES.filter((role) => values.roles.includes(role));
  if (roles.length === 0) errors.roles = 'choose at least one role';
  return { input: { group, roles, source: values.source.trim() || ANY_SOURCE }, errors };
}
