import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, UNIVERSE_FILES } from '../../test-support/engine';
import { openDatabase } from './store/db';
import { migrate } from './store/migrate';
import { migrations } from './store/migrations/index';
import { createSymbolsRepo } from './store/symbols-repo';
import { loadUniverse, parseUniverse } from './universe';

describe('universe', () => {
  it('loads the whole shipped universe plus the index proxies into symbols on first run', () => {
    const db = openDatabase(path.join(tempDir(), 'u.sqlite'));
    migrate(db, migrations);
    const repo = createSymbolsRepo(db);
    const first = loadUniverse(db, repo, UNIVERSE_FILES, 1);
    expect(first.changed).toBe(true);
    expect(first.skipped).toBe(0);
    expect(repo.count()).toBeGreaterThanOrEqual(5578 + 4);
    for (const s of ['AAPL', 'MSFT', 'BRK.B', 'SPY', 'QQQ', 'DIA', 'IWM']) expect(repo.get(s)).toBeDefined();
    const aapl = repo.get('AAPL');
    expect(aapl?.name).toBe('Apple Inc.');
    expect(aapl?.exchange).toBe('NASDAQ');
    // Shares recovered from the screener's cap and price: cap / price.
    expect(aapl?.sharesOutstanding).toBe(Math.round(4514709583000 / 309.35));
    expect(aapl?.tier).toBe(1);

    const second = loadUniverse(db, repo, UNIVERSE_FILES, 2);
    expect(second.changed).toBe(false);
    db.close();
  });

  it('skips rows without a valid symbol, name or price and counts them', () => {
    const header = fs.readFileSync(UNIVERSE_FILES[0] ?? '', 'utf8').split('\n')[0];
    const csv = [
      header,
      'GOOD,Good Co,NYSE,1000,10,10,Tech,Software,5.00,United States,2000,common,0,XNYS,20,GOOD,Good Co',
      'bad symbol!,Bad,NYSE,,,,,,5.00,,,common,0,XNYS,20,X,X',
      'NOPRICE,No Price,NYSE,,,,,,,,,common,0,XNYS,20,X,X',
      'ZERO,Zero,NYSE,,,,,,0,,,common,0,XNYS,20,X,X',
    ].join('\r\n');
    const { rows, skipped } = parseUniverse(csv);
    expect(rows.map((r) => r.symbol)).toEqual(['GOOD']);
    expect(skipped).toBe(3);
  });
});
