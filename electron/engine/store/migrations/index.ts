// Every schema migration in order. Versions ascend; new ones are appended, never edited once shipped.
import { m001Foundation } from './001-foundation';
import { m002ProviderUsage } from './002-provider-usage';
import { m003Scheduler } from './003-scheduler';
import { m004Portfolios } from './004-portfolios';
import { m005Alerts } from './005-alerts';
import { m006UsageAlerts } from './006-usage-alerts';
import type { Migration } from './types';

export type { Migration } from './types';

export const migrations: Migration[] = [
  m001Foundation,
  m002ProviderUsage,
  m003Scheduler,
  m004Portfolios,
  m005Alerts,
  m006UsageAlerts,
];
