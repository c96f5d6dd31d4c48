import { describe, expect, it } from 'vitest';
import { aHost } from '../../test/fixtures';
import { emptyHostForm, formToInput, hostToForm, parseLabels } from './hostForm';

describe('host form model', () => {
  it('parses key=value label lines, skipping blanks and comments', () => {
    expect(parseLabels('rack = r12\n\n# comment\nrole=web=frontend\n')).toEqual({
      labels: { rack: 'r12', role: 'web=frontend' },
    });
  });

  it('rejects label lines without a key or given twice', () => {
    expect(parseLabels('=x').error).toMatch(/Line 1/);
    expect(parseLabels('a=1\na=2').error).toMatch(/given twice/);
  });

  it('splits MACs and DNS on commas and newlines', () => {
    const { input, errors } = formToInput({
      ...emptyHostForm(),
      hostname: ' web-01 ',
      macs: '52:54:00:00:00:01,\n 52:54:00:00:00:02 ',
      dns: '10.0.0.2, 10.0.0.3',
      vlan: '42',
    });
    expect(errors).toEqual({});
    expect(input).toMatchObject({
      hostname: 'web-01',
      macs: ['52:54:00:00:00:01', '52:54:00:00:00:02'],
      dns: ['10.0.0.2', '10.0.0.3'],
      vlan: 42,
      profile: null,
    });
  });

  it('round-trips a host through the form', () => {
    const host = aHost({ macs: ['a', 'b'], dns: ['1.1.1.1'], labels: { rack: 'r1', row: '3' }, vlan: 12 });
    const { input, errors } = formToInput(hostToForm(host));
    expect(errors).toEqual({});
    expect(input).toEqual({
      hostname: host.hostname,
      macs: host.macs,
      ip: host.ip,
      prefixLength: host.prefixLength,
      gateway: host.gateway,
      dns: host.dns,
      vlan: host.vlan,
      firmware: host.firmware,
      nicDriver: host.nicDriver,
      architecture: host.architecture,
      profile: host.profile,
      labels: host.labels,
    });
  });
});
