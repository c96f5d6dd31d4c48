import { describe, expect, it } from 'vitest';
import { aProfile } from '../../test/fixtures';
import { emptyProfileForm, formToProfileInput, profileToForm, secretsInput } from './profileForm';

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

describe('profile form secrets', () => {
  it('loads names and set flags only, and sends null for a kept secret', () => {
    const form = profileToForm(aProfile({ secrets: { adminPasswordHash: { set: true }, joinPassword: { set: false } } }));
    expect(form.secrets).toEqual([
      { name: 'adminPasswordHash', set: true, added: false, action: 'keep', value: '' },
      { name: 'joinPassword', set: false, added: false, action: 'keep', value: '' },
    ]);
    expect(formToProfileInput({ ...form, name: 'p' }).input.secrets).toEqual({ adminPasswordHash: null, joinPassword: null });
  });

  it('maps replace, clear, remove and added secrets to what the API takes', () => {
    const { input, error } = secretsInput([
      { name: 'a', set: true, added: false, action: 'replace', value: 'new' },
      { name: 'b', set: true, added: false, action: 'clear', value: '' },
      { name: 'c', set: true, added: false, action: 'remove', value: '' },
      { name: 'd', set: false, added: true, action: 'keep', value: '' },
      { name: 'e', set: false, added: true, action: 'keep', value: 'v' },
    ]);
    expect(error).toBeUndefined();
    expect(input).toEqual({ a: 'new', b: '', d: '', e: 'v' });
  });

  it('refuses bad or repeated names', () => {
    expect(secretsInput([{ name: '1x', set: false, added: true, action: 'keep', value: '' }]).error).toMatch(/must be a letter/);
    expect(
      secretsInput([
        { name: 'a', set: true, added: false, action: 'keep', value: '' },
        { name: 'a', set: false, added: true, action: 'keep', value: 'v' },
      ]).error,
    ).toBe('Secret a is listed twice.');
  });
});
