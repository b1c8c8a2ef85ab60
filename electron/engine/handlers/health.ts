// Handler of the health screen's call: the monitor's figures, history and last log entries.
import type { Handlers } from '../../../shared/contract';
import type { HealthMonitor } from '../observability/health-monitor';

export function createHealthHandlers(monitor: Pick<HealthMonitor, 'summary'>): Pick<Handlers, 'getHealthSummary'> {
  return { getHealthSummary: (input) => monitor.summary(input) };
}
