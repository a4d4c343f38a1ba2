/** One line of the results table. Ratios are A / B: the program over its hand-written baseline. */
export type Row = {
  scenario: string;
  metric: string;
  a: number;
  b: number | null;
  unit: string;
  /** For time a lower ratio is better, for throughput a higher one. */
  target: string;
  met: boolean | null;
  note: string;
};

const fmt = (n: number) => (Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 10 ? n.toFixed(1) : n.toFixed(2));

export function printTable(rows: Row[]): void {
  const header = ['scenario', 'metric', 'program (A)', 'baseline (B)', 'A/B', 'target', 'met', 'note'];
  const lines = rows.map((r) => [
    r.scenario,
    r.metric,
    `${fmt(r.a)} ${r.unit}`.trim(),
    r.b === null ? '' : `${fmt(r.b)} ${r.unit}`.trim(),
    r.b === null || r.b === 0 ? '' : `${(r.a / r.b).toFixed(2)}×`,
    r.target,
    r.met === null ? '' : r.met ? 'yes' : 'NO',
    r.note,
  ]);
  const table = [header, header.map(() => '---'), ...lines].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
  console.log(table);
}
