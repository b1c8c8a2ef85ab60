import { describe, expect, it } from 'vitest';
import type { LogEntry } from '../../../shared/contract';
import { filterLogs, formatBytes, formatMs, formatUptime } from './HealthView';

const entry = (level: LogEntry['level'], msg: string, component: string | null, details: string | null): LogEntry => ({
  time: '2026-01-05T15:00:00.000Z',
  level,
  msg,
  component,
  details,
});

describe('health screen figures', () => {
  it('writes sizes, durations and uptimes the way a person reads them', () => {
    expect(formatBytes(512 * 1024)).toBe('512 KB');
    expect(formatBytes(48.94 * 1024 ** 2)).toBe('48.9 MB');
    expect(formatBytes(162 * 1024 ** 2)).toBe('162 MB');
    expect(formatBytes(1.5 * 1024 ** 3)).toBe('1.50 GB');
    expect(formatMs(null)).toBe('—');
    expect(formatMs(0.131)).toBe('0.13 ms');
    expect(formatMs(5.44)).toBe('5.4 ms');
    expect(formatMs(164.2)).toBe('164 ms');
    expect(formatMs(2500)).toBe('2.5 s');
    expect(formatUptime(14)).toBe('14 s');
    expect(formatUptime(125)).toBe('2 min');
    expect(formatUptime(3 * 3600 + 120)).toBe('3 h 2 min');
    expect(formatUptime(2 * 86_400 + 5 * 3600)).toBe('2 d 5 h');
  });

  it('filters log entries by level and by text in message, part or details', () => {
    const entries = [
      entry('warn', 'provider call failed', 'providers', '{"kind":"network"}'),
      entry('error', 'event listener failed', null, '{"err":"boom"}'),
      entry('warn', 'a job was late', 'scheduler', null),
    ];
    expect(filterLogs(entries, 'all', '')).toHaveLength(3);
    expect(filterLogs(entries, 'error', '').map((e) => e.msg)).toEqual(['event listener failed']);
    expect(filterLogs(entries, 'warn', 'FAILED').map((e) => e.msg)).toEqual(['provider call failed']);
    expect(filterLogs(entries, 'all', 'scheduler').map((e) => e.msg)).toEqual(['a job was late']);
    expect(filterLogs(entries, 'all', 'network').map((e) => e.msg)).toEqual(['provider call failed']);
    expect(filterLogs(entries, 'error', 'network')).toEqual([]);
  });
});
