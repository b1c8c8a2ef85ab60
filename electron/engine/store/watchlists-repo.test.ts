import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../test-support/engine';
import { openDatabase } from './db';
import { migrate } from './migrate';
import { migrations } from './migrations/index';
import { createWatchlistsRepo } from './watchlists-repo';

describe('watchlists repository', () => {
  it('moves a list to another place and keeps the others in order', () => {
    const db = openDatabase(path.join(tempDir(), 'w.sqlite'));
    migrate(db, migrations);
    const repo = createWatchlistsRepo(db);
    const [a, b, c] = ['A', 'B', 'C'].map((n) => repo.create(n, [], 0));
    expect(repo.list().map((w) => w.name)).toEqual(['A', 'B', 'C']);
    repo.update(c?.id ?? 0, { position: 0 });
    expect(repo.list().map((w) => w.name)).toEqual(['C', 'A', 'B']);
    repo.update(c?.id ?? 0, { position: 99 });
    expect(repo.list().map((w) => w.name)).toEqual(['A', 'B', 'C']);
    repo.update(a?.id ?? 0, { position: 1, name: 'A2' });
    expect(repo.list().map((w) => w.name)).toEqual(['B', 'A2', 'C']);
    expect(b).toBeDefined();
    db.close();
  });
});
