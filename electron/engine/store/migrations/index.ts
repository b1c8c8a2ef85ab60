// Every schema migration in order. Versions ascend; new ones are appended, never edited once shipped.
import { m001Foundation } from './001-foundation';
import { m003Scheduler } from './003-scheduler';
import type { Migration } from './types';

export type { Migration } from './types';

export const migrations: Migration[] = [m001Foundation, m003Scheduler];
