import { describe, expect, it } from 'vitest';
import { diffSnapshots, formatValue } from './diff';

describe('diffSnapshots', () => {
  it('marks changed fields and ignores key order inside nested objects', () => {
    const changes = diffSnapshots(
      { bootState: 'LOCAL', labels: { a: '1', b: '2' }, version: 3 },
      { bootState: 'ARMED', labels: { b: '2', a: '1' }, version: 4 },
    );
    expect(changes.filter((c) => c.changed).map((c) => c.field)).toEqual(['bootState', 'version']);
    expect(changes.find((c) => c.field === 'labels')?.changed).toBe(false);
  });

  it('treats every field as changed for a created entity', () => {
    const changes = diffSnapshots(null, { hostname: 'web-01' });
    expect(changes).toEqual([{ field: 'hostname', before: undefined, after: 'web-01', changed: true }]);
  });

  it('formats values compactly', () => {
    expect(formatValue('x')).toBe('x');
    expect(formatValue(null)).toBe('null');
    expect(formatValue(['a', 'b'])).toBe('a, b');
    expect(formatValue({ rack: 'r1' })).toBe('{\n  "rack": "r1"\n}');
  });
});
