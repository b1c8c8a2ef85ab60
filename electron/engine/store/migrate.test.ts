import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../test-support/engine';
import { openDatabase } from './db';
import { currentVersion, migrate } from './migrate';
import { migrations, type Migration } from './migrations/index';

function tables(db: ReturnType<typeof openDatabase>): string[] {
  return (
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]
  ).map((r) => r.name);
}

describe('migrations', () => {
  it('migrates a real file up to the newest version and back down to empty', () => {
    const file = path.join(tempDir(), 'm.sqlite');
    const db = openDatabase(file);
    expect(currentVersion(db)).toBe(0);
    const newest = migrations.at(-1)?.version ?? 0;
    expect(migrate(db, migrations)).toBe(newest);
    expect(tables(db)).toEqual(
      expect.arrayContaining(['symbols', 'quotes', 'quote_history', 'watchlists', 'watchlist_symbols']),
    );
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();

    const reopened = openDatabase(file);
    expect(currentVersion(reopened)).toBe(newest);
    expect(migrate(reopened, migrations, 0)).toBe(0);
    expect(tables(reopened)).toEqual([]);
    expect(migrate(reopened, migrations)).toBe(newest);
    reopened.close();
  });

  it('steps through every version and each one keeps data written at the previous one', () => {
    const db = openDatabase(path.join(tempDir(), 'steps.sqlite'));
    for (const m of migrations) {
      expect(migrate(db, migrations, m.version)).toBe(m.version);
      expect(currentVersion(db)).toBe(m.version);
    }
    db.close();
  });

  it('rolls back a failing migration whole and keeps the previous version', () => {
    const db = openDatabase(path.join(tempDir(), 'fail.sqlite'));
    const broken: Migration = {
      version: 999,
      name: 'broken',
      up(d) {
        d.exec('CREATE TABLE half_done (x INTEGER)');
        throw new Error('boom');
      },
      down() {},
    };
    const before = migrate(db, migrations);
    expect(() => migrate(db, [...migrations, broken])).toThrow('boom');
    expect(currentVersion(db)).toBe(before);
    expect(tables(db)).not.toContain('half_done');
    db.close();
  });

  it('applies a step merged below the database version once, when its schema is missing', () => {
    const db = openDatabase(path.join(tempDir(), 'out-of-order.sqlite'));
    // A build without migration 3 took the database to its latest version (4 then, 5 with alerts).
    expect(
      migrate(
        db,
        migrations.filter((m) => m.version !== 3),
      ),
    ).toBe(migrations.at(-1)?.version);
    expect(tables(db)).not.toContain('jobs');
    expect(migrate(db, migrations)).toBe(migrations.at(-1)?.version);
    expect(tables(db)).toEqual(expect.arrayContaining(['jobs', 'job_runs', 'tier_overrides', 'portfolios']));
    // Once there, nothing runs again, and the way down still works.
    expect(migrate(db, migrations)).toBe(migrations.at(-1)?.version);
    expect(migrate(db, migrations, 2)).toBe(2);
    expect(tables(db)).not.toContain('jobs');
    db.close();
  });

  it('refuses a database from a newer app', () => {
    const db = openDatabase(path.join(tempDir(), 'newer.sqlite'));
    db.pragma('user_version = 9999');
    expect(() => migrate(db, migrations)).toThrow(/newer than this app knows/);
    db.close();
  });
});
