// Runs migrations up or down to a target version, tracked by PRAGMA user_version.
import type { Db } from './db';
import type { Migration } from './migrations/index';

export function currentVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function checkOrder(list: Migration[]): void {
  for (let i = 1; i < list.length; i++) {
    const prev = list[i - 1];
    const cur = list[i];
    if (prev && cur && cur.version <= prev.version) {
      throw new Error(`migrations out of order: ${cur.version} after ${prev.version}`);
    }
  }
}

/**
 * Brings the schema to `target` (default: the newest). Each step runs in its own transaction
 * with its user_version bump, so a crash leaves the database at a whole version.
 */
export function migrate(db: Db, list: Migration[], target?: number): number {
  checkOrder(list);
  const newest = list.at(-1)?.version ?? 0;
  const goal = target ?? newest;
  let version = currentVersion(db);
  if (version > newest) {
    throw new Error(
      `this database is at schema version ${version}, newer than this app knows (${newest}); update Quotedesk`,
    );
  }
  if (goal >= version) {
    // A step numbered below the database's version that it never ran (merged out of order).
    for (const m of list) {
      if (m.version > version || !m.present || m.present(db)) continue;
      db.transaction(() => m.up(db))();
    }
  }
  if (goal > version) {
    for (const m of list) {
      if (m.version <= version || m.version > goal) continue;
      db.transaction(() => {
        m.up(db);
        db.pragma(`user_version = ${m.version}`);
      })();
      version = m.version;
    }
  } else if (goal < version) {
    for (const m of [...list].reverse()) {
      if (m.version > version || m.version <= goal) continue;
      const below = list.filter((x) => x.version < m.version).at(-1)?.version ?? 0;
      db.transaction(() => {
        m.down(db);
        db.pragma(`user_version = ${below}`);
      })();
      version = below;
    }
  }
  return version;
}
