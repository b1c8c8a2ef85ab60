// The engine's Prometheus metrics: one registry per engine, one-line helpers to add a metric.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Seconds; from a cache hit (sub-millisecond) to a slow provider round trip. */
export const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export type Metrics = {
  readonly registry: Registry;
  /** `metrics.counter('quotedesk_x_total', 'What it counts', ['label'])`: created once, returned again after. */
  counter<L extends string = never>(name: string, help: string, labelNames?: readonly L[]): Counter<L>;
  gauge<L extends string = never>(name: string, help: string, labelNames?: readonly L[]): Gauge<L>;
  histogram<L extends string = never>(
    name: string,
    help: string,
    labelNames?: readonly L[],
    buckets?: number[],
  ): Histogram<L>;
  /** A counter whose total is read from elsewhere at scrape time (it must never go down). */
  counterFrom(name: string, help: string, read: () => number): void;
  /** A gauge read at scrape time. */
  gaugeFrom(name: string, help: string, read: () => number): void;
  /** A labelled gauge whose series are all read at scrape time (series that vanish are dropped). */
  gaugesFrom<L extends string>(
    name: string,
    help: string,
    labelNames: readonly L[],
    read: () => Iterable<readonly [Record<L, string>, number]>,
  ): void;
  /** The exposition text and its content type. */
  render(): Promise<{ contentType: string; body: string }>;
};

export type MetricsOptions = {
  /** process_* and nodejs_* metrics (CPU, memory, event loop lag, GC). */
  processMetrics?: boolean;
};

export function createMetrics(options: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry });

  const existing = <T>(name: string): T | undefined => registry.getSingleMetric(name) as T | undefined;

  const metrics: Metrics = {
    registry,
    counter: (name, help, labelNames = []) =>
      existing<Counter<never>>(name) ?? new Counter({ name, help, labelNames, registers: [registry] }),
    gauge: (name, help, labelNames = []) =>
      existing<Gauge<never>>(name) ?? new Gauge({ name, help, labelNames, registers: [registry] }),
    histogram: (name, help, labelNames = [], buckets = LATENCY_BUCKETS) =>
      existing<Histogram<never>>(name) ?? new Histogram({ name, help, labelNames, buckets, registers: [registry] }),
    counterFrom(name, help, read) {
      if (existing(name)) registry.removeSingleMetric(name);
      let last = 0;
      new Counter({
        name,
        help,
        registers: [registry],
        collect() {
          const now = read();
          // A source that restarted from zero starts the counter over rather than going backwards.
          if (now < last) this.reset();
          this.inc(Math.max(0, now < last ? now : now - last));
          last = now;
        },
      });
    },
    gaugeFrom(name, help, read) {
      if (existing(name)) registry.removeSingleMetric(name);
      new Gauge({
        name,
        help,
        registers: [registry],
        collect() {
          this.set(read());
        },
      });
    },
    gaugesFrom(name, help, labelNames, read) {
      if (existing(name)) registry.removeSingleMetric(name);
      new Gauge({
        name,
        help,
        labelNames,
        registers: [registry],
        collect() {
          this.reset();
          for (const [labels, value] of read()) this.set(labels, value);
        },
      });
    },
    async render() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
  return metrics;
}
