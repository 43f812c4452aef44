/** One measure of a section, as the table shows it. */
export type Row = { measure: string; value: string };

/** The sections BENCH_ONLY names, in the suite's order; all when it is unset. */
export function chosenSections<S extends { name: string }>(sections: S[], only: string | undefined): S[] {
  if (!only?.trim()) return sections;
  const names = only.split(',').map((n) => n.trim());
  const unknown = names.filter((n) => !sections.some((s) => s.name === n));
  if (unknown.length)
    throw new Error(`BENCH_ONLY names no section ${unknown.join(', ')}; the sections: ${sections.map((s) => s.name).join(', ')}`);
  return sections.filter((s) => names.includes(s.name));
}

/** The table as text: one line a measure, the scenario named on its first line only. */
export function formatTable(rows: (Row & { scenario: string })[]): string {
  const header = { scenario: 'scenario', measure: 'measure', value: 'value' };
  const width = (key: keyof typeof header) => Math.max(...[header, ...rows].map((r) => r[key].length));
  const [ws, wm] = [width('scenario'), width('measure')];
  const line = (r: typeof header) => `${r.scenario.padEnd(ws)} | ${r.measure.padEnd(wm)} | ${r.value}`;
  const lines = rows.map((r, i) => line({ ...r, scenario: i > 0 && rows[i - 1].scenario === r.scenario ? '' : r.scenario }));
  return [line(header), `${'-'.repeat(ws)}-+-${'-'.repeat(wm)}-+-${'-'.repeat(width('value'))}`, ...lines].join('\n');
}
