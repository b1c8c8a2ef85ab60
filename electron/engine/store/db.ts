// Opens the SQLite file with the pragmas the engine relies on (WAL, foreign keys, busy timeout).
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

export type Db = Database.Database;

export function openDatabase(file: string): Db {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // NORMAL in WAL mode keeps every committed transaction atomic and consistent; only the last
  // commits before a power loss (not a process crash) may roll back.
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // Keep the WAL bounded: checkpoint every ~4 MB of pages.
  db.pragma('wal_autocheckpoint = 1000');
  return db;
}
