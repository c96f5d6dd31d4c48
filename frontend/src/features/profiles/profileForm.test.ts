import { describe, expect, it } from 'vitest';
import { aProfile } from '../../test/fixtures';
import { emptyProfileForm, formToProfileInput, profileToForm } from './profileForm';

describe('profile form variables', () => {
  it('round-trips variables as name=value lines', () => {
    const form = profileToForm(aProfile({ variables: { mirror: 'deb.debian.org', adminPasswordHash: '' } }));
    expect(form.variables).toBe('mirror=deb.debian.org\nadminPasswordHash=');
    const { input, errors } = formToProfileInput({ ...form, variables: 'mirror=ftp.example.org\nadminPasswordHash=$6$x$y' });
    expect(errors).toEqual({});
    expect(input.variables).toEqual({ mirror: 'ftp.example.org', adminPasswordHash: '$6$x$y' });
  });

  it('reports a line without a name as an error on the variables field', () => {
    const { errors } = formToProfileInput({ ...emptyProfileForm(), name: 'p', variables: 'no-equals-sign' });
    expect(errors.variables).toMatch(/Line 1: expected key=value/);
  });
});
