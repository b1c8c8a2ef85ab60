// `npm run soak`: the 24-hour soak (or longer) on a simulated clock; prints what it measured.
import { parseArgs } from 'node:util';
import { runSoak } from '../test-support/soak';

const { values } = parseArgs({
  options: {
    date: { type: 'string', default: '2026-11-23' },
    start: { type: 'string', default: '00:00' },
    hours: { type: 'string', default: '24' },
    reads: { type: 'string', default: '20' },
    json: { type: 'boolean', default: false },
  },
  strict: true,
});

const hours = Number(values.hours);
const reads = Number(values.reads);
const hm = /^(\d{1,2}):(\d{2})$/.exec(values.start);
if (!hm) throw new Error('--start must be a New York time HH:MM');
const startMinute = Number(hm[1]) * 60 + Number(hm[2]);
if (!Number.isInteger(hours) || hours < 1) throw new Error('--hours must be a whole number of hours (1 or more)');
if (!Number.isInteger(reads) || reads < 1) throw new Error('--reads must be a number of reads per minute (1 or more)');

const r = await runSoak({ date: values.date, startMinute, hours, readsPerMinute: reads });
if (values.json) process.stdout.write(`${JSON.stringify(r)}\n`);
else {
  process.stdout.write(
    [
      `soak from ${r.start} (${values.start} New York on ${r.date}), ${r.hours} hours, ${r.symbols} symbols`,
      `  plan:        ${r.plan}`,
      `  Finnhub:     ${r.finnhub.calls} calls, ${r.finnhub.violations} violations (counted by the fake)`,
      `  AV:          ${r.alphavantage.calls} calls, ${r.alphavantage.violations} violations (counted by the fake)`,
      `  refreshed:   ${r.refreshedAtLeastOnce} of ${r.symbols} at least once`,
      `  API reads:   ${r.reads.handler} handler + ${r.reads.rest} REST; cache hit ratio ${(r.reads.hitRatio * 100).toFixed(2)}% (${r.reads.hits} hits, ${r.reads.misses} misses)`,
      `  REST:        p50 ${r.restLatencyMs.p50} ms, p99 ${r.restLatencyMs.p99} ms, max ${r.restLatencyMs.max} ms (real time)`,
      `  heap:        ${r.heapMb.afterWarmup} MB after warm-up, ${r.heapMb.end} MB at the end (${(r.heapMb.growth * 100).toFixed(1)}%), max ${r.heapMb.max} MB`,
      `  WAL:         max ${r.wal.maxMb} MB, ${r.wal.endMb} MB at the end (autocheckpoint ${r.wal.autocheckpointPages} pages)`,
      `  wall time:   ${r.wallSeconds} s`,
    ].join('\n') + '\n',
  );
}
process.exit(0);
