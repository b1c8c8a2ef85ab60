// Sleep and wake: the engine stops polling while the machine sleeps and catches up once on wake.
import type { Logger } from '../engine/logger';

/** The parts of Electron's powerMonitor used here (a fake in tests). */
export type PowerMonitorLike = {
  on(event: 'suspend' | 'resume' | 'shutdown', listener: () => void): unknown;
  removeListener(event: 'suspend' | 'resume' | 'shutdown', listener: () => void): unknown;
};

export type Suspendable = {
  suspend(): Promise<void>;
  resume(): void;
};

/**
 * Suspends the engine on `suspend` and resumes it on `resume`, one step after the other: a wake
 * that arrives while the suspend is still waiting for an in-flight request runs after it, so the
 * engine never ends up asleep on an awake machine. `shutdown` (the OS is logging out or powering
 * off) asks the app to quit cleanly so SQLite is closed rather than killed mid-write.
 */
export function watchPower(
  powerMonitor: PowerMonitorLike,
  engine: Suspendable,
  options: { logger: Logger; now: () => number; onShutdown?: () => void },
): { idle(): Promise<void>; dispose(): void } {
  const { logger, now } = options;
  let chain: Promise<void> = Promise.resolve();
  let sleptAt: number | undefined;

  const step = (name: string, fn: () => Promise<void> | void) => {
    chain = chain.then(fn).catch((err: unknown) => logger.error({ err: String(err) }, `power: ${name} failed`));
  };

  const onSuspend = () =>
    step('suspend', async () => {
      sleptAt = now();
      logger.info({}, 'machine is going to sleep: refreshing paused');
      await engine.suspend();
    });
  const onResume = () =>
    step('resume', () => {
      const asleepMs = sleptAt === undefined ? null : now() - sleptAt;
      sleptAt = undefined;
      logger.info({ asleepMs }, 'machine woke up: refreshing resumed');
      engine.resume();
    });
  const onShutdown = () => options.onShutdown?.();

  powerMonitor.on('suspend', onSuspend);
  powerMonitor.on('resume', onResume);
  powerMonitor.on('shutdown', onShutdown);
  return {
    idle: () => chain,
    dispose() {
      powerMonitor.removeListener('suspend', onSuspend);
      powerMonitor.removeListener('resume', onResume);
      powerMonitor.removeListener('shutdown', onShutdown);
    },
  };
}
