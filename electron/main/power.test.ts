import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../engine/clock';
import type { Engine } from '../engine/index';
import { createRecordingLogger } from '../engine/logger';
import { createTestEngine } from '../../test-support/engine';
import { watchPower, type PowerMonitorLike } from './power';

/** Electron's powerMonitor is an EventEmitter; a plain one stands in for it. */
function fakePowerMonitor(): EventEmitter & PowerMonitorLike {
  return new EventEmitter();
}

describe('power handling with a real engine', () => {
  let engine: Engine | undefined;
  afterEach(async () => {
    await engine?.stop();
    engine = undefined;
  });

  it('stops refreshing on suspend and refreshes once at once on resume', async () => {
    const clock = createManualClock(Date.UTC(2026, 2, 10, 15, 0));
    engine = createTestEngine({ clock, refreshIntervalMs: 1000 });
    let batches = 0;
    engine.events.on('quote', () => batches++);
    await engine.start();
    await clock.advance(5_000);
    expect(batches).toBeGreaterThan(3);

    const power = fakePowerMonitor();
    const logger = createRecordingLogger();
    const watcher = watchPower(power, engine, { logger, now: () => clock.now() });

    power.emit('suspend');
    await watcher.idle();
    const atSleep = batches;
    await clock.advance(10 * 60_000);
    expect(batches).toBe(atSleep);

    power.emit('resume');
    await watcher.idle();
    await clock.advance(0);
    expect(batches).toBe(atSleep + 1);
    await clock.advance(3_000);
    expect(batches).toBeGreaterThan(atSleep + 1);
    expect(logger.records.find((r) => r.msg.includes('woke up'))?.obj).toEqual({ asleepMs: 10 * 60_000 });
    watcher.dispose();
    expect(power.listenerCount('suspend') + power.listenerCount('resume') + power.listenerCount('shutdown')).toBe(0);
  });

  it('ignores a resume without a suspend and a second suspend', async () => {
    const clock = createManualClock(Date.UTC(2026, 2, 10, 15, 0));
    engine = createTestEngine({ clock, refreshIntervalMs: 1000 });
    let batches = 0;
    engine.events.on('quote', () => batches++);
    await engine.start();
    await clock.advance(0);
    const first = batches;
    engine.resume();
    await clock.advance(0);
    expect(batches).toBe(first);
    await engine.suspend();
    await engine.suspend();
    await clock.advance(60_000);
    expect(batches).toBe(first);
    engine.resume();
    await clock.advance(0);
    expect(batches).toBe(first + 1);
  });
});

describe('power handling order', () => {
  it('runs a wake that comes during a slow suspend after it, so the engine ends awake', async () => {
    const calls: string[] = [];
    let finishSuspend: () => void = () => undefined;
    const engine = {
      suspend: () =>
        new Promise<void>((resolve) => {
          calls.push('suspend:start');
          finishSuspend = () => {
            calls.push('suspend:end');
            resolve();
          };
        }),
      resume: () => void calls.push('resume'),
    };
    const power = fakePowerMonitor();
    const watcher = watchPower(power, engine, { logger: createRecordingLogger(), now: () => 0 });
    power.emit('suspend');
    power.emit('resume');
    await Promise.resolve();
    expect(calls).toEqual(['suspend:start']);
    finishSuspend();
    await watcher.idle();
    expect(calls).toEqual(['suspend:start', 'suspend:end', 'resume']);
  });

  it('logs a failed step and keeps handling the next ones', async () => {
    const logger = createRecordingLogger();
    let resumed = 0;
    const engine = {
      suspend: () => Promise.reject(new Error('database is locked')),
      resume: () => void resumed++,
    };
    const power = fakePowerMonitor();
    const watcher = watchPower(power, engine, { logger, now: () => 0 });
    power.emit('suspend');
    power.emit('resume');
    await watcher.idle();
    expect(resumed).toBe(1);
    expect(logger.records.some((r) => r.level === 'error' && r.msg === 'power: suspend failed')).toBe(true);
  });

  it('asks the app to quit when the OS shuts down', () => {
    let quits = 0;
    const power = fakePowerMonitor();
    watchPower(
      power,
      { suspend: () => Promise.resolve(), resume: () => undefined },
      { logger: createRecordingLogger(), now: () => 0, onShutdown: () => quits++ },
    );
    power.emit('shutdown');
    expect(quits).toBe(1);
  });
});
