// `npm run simulate`: replays a trading day on a simulated clock and prints what the plan achieved.
import { parseArgs } from 'node:util';
import { createMarketClock, isDate } from '../shared/market';
import { parseLimits } from '../electron/engine/providers/limits';
import { simulateDay, type SimDayResult } from '../test-support/simulated-day';

const USAGE = `usage: npm run simulate -- --date YYYY-MM-DD --provider finnhub|alphavantage --limits 30/s,60/min
                        [--symbols all|N] [--extended-hours] [--stream N] [--seed N] [--json]

Replays 04:00-20:00 New York time of a trading day, plus the after-close snapshot, on a simulated
clock: the real engine and provider manager against a fake Finnhub or Alpha Vantage server on
127.0.0.1 that enforces the given plan. Prints calls, violations (counted by the fake server),
symbols refreshed at least once, staleness per tier in the regular session and the share of the
per-minute budget used in the regular session. Alpha Vantage limits without a daily cap are a
premium plan (realtime bulk quotes, 100 symbols a call). --stream N lets Finnhub's trade stream
carry N symbols (default 0: every symbol is polled).`;

function fail(message: string): never {
  process.stderr.write(`simulate: ${message}\n\n${USAGE}\n`);
  process.exit(2);
}

function human(r: SimDayResult): string {
  const s = (x: { p50: number; p95: number; max: number }) => `p50 ${x.p50}s  p95 ${x.p95}s  max ${x.max}s`;
  return [
    `${r.date}  ${r.provider} ${r.limits}  ${r.symbols} symbols`,
    `  plan:        ${r.plan}`,
    `  calls:       ${r.calls} (${r.regularSessionCalls} in the regular session)`,
    `  violations:  ${r.violations}`,
    `  refreshed:   ${r.refreshedAtLeastOnce} of ${r.symbols} at least once`,
    `  snapshot:    ${r.snapshotFinishedAt ? `done at ${r.snapshotFinishedAt}` : 'not finished'}`,
    `  staleness (regular session):`,
    `    watchlist  ${s(r.staleness.watchlist)}`,
    `    tier 1     ${s(r.staleness.tier1)}`,
    `    tier 2     ${s(r.staleness.tier2)}`,
    `    tier 3     ${s(r.staleness.tier3)}`,
    `  budget used: ${(r.budgetUsed * 100).toFixed(1)}% of the per-minute limit in the regular session`,
    `  wall time:   ${r.wallSeconds} s`,
  ].join('\n');
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        date: { type: 'string' },
        provider: { type: 'string' },
        limits: { type: 'string' },
        symbols: { type: 'string', default: 'all' },
        stream: { type: 'string', default: '0' },
        seed: { type: 'string', default: '1' },
        'extended-hours': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    }));
  } catch (err) {
    fail((err as Error).message);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const date = values.date ?? fail('--date is required');
  if (!isDate(date)) fail(`--date "${date}" is not a date (YYYY-MM-DD)`);
  const year = Number(date.slice(0, 4));
  if (year < 2000 || year > 2100) fail('--date must be between 2000 and 2100');
  const market = createMarketClock();
  const day = market.day(date);
  if (!day.open) fail(`${date} is not a trading day${day.holiday ? ` (${day.holiday})` : ' (a weekend)'}`);
  const provider = values.provider ?? fail('--provider is required');
  if (provider !== 'finnhub' && provider !== 'alphavantage')
    fail(`--provider "${provider}" is not finnhub or alphavantage`);
  const limitsText = values.limits ?? (provider === 'finnhub' ? '30/s,60/min' : '1/s,25/day');
  let limits;
  try {
    limits = parseLimits(limitsText);
  } catch (err) {
    fail(`--limits: ${(err as Error).message}`);
  }
  const symbols = values.symbols === 'all' ? 'all' : Number(values.symbols);
  if (symbols !== 'all' && (!Number.isInteger(symbols) || symbols < 1)) fail('--symbols must be "all" or a count');
  if (limits.length === 0) fail('--limits needs at least one window');
  const stream = Number(values.stream);
  if (!Number.isInteger(stream) || stream < 0) fail('--stream must be a number of symbols (0 or more)');
  if (stream > 0 && provider !== 'finnhub') fail('--stream: only Finnhub has a trade stream');
  const seed = Number(values.seed);

  const result = await simulateDay({
    date,
    provider,
    limits: limitsText,
    symbols,
    streamSymbols: stream,
    extendedHours: values['extended-hours'],
    seed: Number.isFinite(seed) ? seed : 1,
  });
  process.stdout.write(values.json ? `${JSON.stringify(result)}\n` : `${human(result)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`simulate failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
