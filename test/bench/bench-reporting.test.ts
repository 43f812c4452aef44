import { describe, expect, it } from 'vitest';
import { graphQLFailure } from './autocannon-load.js';
import { isPage } from './oruk-services.js';
import { summarise } from './percentiles.js';
import { chosenSections, formatTable } from './bench-table.js';

describe('the bench reports', () => {
  it('takes each percentile as a latency some request had, by nearest rank', () => {
    const samples = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(summarise(samples)).toEqual({ n: 100, median: 50, p95: 95, p99: 99 });
    expect(summarise([7])).toEqual({ n: 1, median: 7, p95: 7, p99: 7 });
  });

  it('counts a GraphQL error, a non-200 or a body that is not JSON as a failed answer, and data as an answer', () => {
    expect(graphQLFailure(200, '{"data":{"requestBooking":{"__typename":"Booking"}}}')).toBeNull();
    expect(graphQLFailure(200, '{"data":null,"errors":[{"message":"no","extensions":{"code":"FORBIDDEN"}}]}')).toContain('FORBIDDEN');
    expect(graphQLFailure(503, '{"data":{"x":1}}')).toContain('HTTP 503');
    expect(graphQLFailure(502, '<html>Bad gateway</html>')).toContain('not JSON');
  });

  it('counts an ORUK answer that is not JSON, or not a page of at most 50, as a failed answer', () => {
    expect(isPage('{"contents":[]}')).toBe(true);
    expect(isPage('<html>Bad gateway</html>')).toBe(false);
    expect(isPage('null')).toBe(false);
    expect(isPage(JSON.stringify({ contents: Array.from({ length: 51 }, () => ({})) }))).toBe(false);
  });

  it('runs the sections BENCH_ONLY names in the suite order, all when unset, and refuses a name it does not know', () => {
    const sections = [{ name: 'directory' }, { name: 'booking' }, { name: 'oruk' }];
    expect(chosenSections(sections, undefined)).toEqual(sections);
    expect(chosenSections(sections, ' oruk, directory ').map((s) => s.name)).toEqual(['directory', 'oruk']);
    expect(() => chosenSections(sections, 'booking,bookings')).toThrow(/no section bookings; the sections: directory, booking, oruk/);
  });

  it('prints one table, each scenario named on its first row only', () => {
    const table = formatTable([
      { scenario: 'booking', measure: 'overspent budgets', value: '0' },
      { scenario: 'booking', measure: 'p95', value: '12.0 ms' },
      { scenario: 'oruk', measure: 'p95', value: '8.0 ms' },
    ]);
    expect(table.split('\n')).toEqual([
      'scenario | measure           | value',
      '---------+-------------------+--------',
      'booking  | overspent budgets | 0',
      '         | p95               | 12.0 ms',
      'oruk     | p95               | 8.0 ms',
    ]);
  });
});
