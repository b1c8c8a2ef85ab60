// What a benchmark file exports and how results are printed: every number next to its baseline.

export type BenchResult = {
  /** What was measured, e.g. "GET /tickers/AAPL/live, 10 connections". */
  name: string;
  metric: string;
  unit: string;
  value: number;
  /** The same metric for the baseline measured in the same run. */
  baseline: { name: string; value: number };
  /** true for throughput, false for latency. */
  higherIsBetter: boolean;
};

/** Every `bench/*.bench.ts` exports this. */
export type BenchModule = { bench: () => Promise<BenchResult[]> };

export function ratio(r: BenchResult): number {
  return r.baseline.value === 0 ? NaN : r.value / r.baseline.value;
}

export function formatResults(file: string, results: BenchResult[]): string {
  const rows = results.map((r) => [
    r.name,
    r.metric,
    `${round(r.value)} ${r.unit}`,
    `${round(r.baseline.value)} ${r.unit} (${r.baseline.name})`,
    `${ratio(r).toFixed(2)}× ${r.higherIsBetter ? '(higher is better)' : '(lower is better)'}`,
  ]);
  const header = ['benchmark', 'metric', 'value', 'baseline', 'ratio'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
  return [`# ${file}`, line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

function round(n: number): string {
  return n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2);
}
