// A child process for the crash-safety test: writes whole quote batches through the engine's own
// store code until it is killed, announcing each committed batch on stdout.
import { openDatabase } from '../electron/engine/store/db';
import { migrate } from '../electron/engine/store/migrate';
import { migrations } from '../electron/engine/store/migrations/index';
import { createQuotesRepo, type StoredQuote } from '../electron/engine/store/quotes-repo';
import { createSymbolsRepo } from '../electron/engine/store/symbols-repo';

export const BATCH_SIZE = 500;

export function symbolName(i: number): string {
  return `S${String(i).padStart(4, '0')}`;
}

function main(file: string): void {
  const db = openDatabase(file);
  migrate(db, migrations);
  const symbols = createSymbolsRepo(db);
  if (symbols.count() < BATCH_SIZE) {
    symbols.upsertMany(
      Array.from({ length: BATCH_SIZE }, (_, i) => ({
        symbol: symbolName(i),
        name: `Symbol ${i}`,
        exchange: 'NYSE',
        mic: null,
        sector: null,
        industry: null,
        country: null,
        securityType: 'common',
        isSpac: false,
        marketCap: null,
        sharesOutstanding: null,
        avgVolume: 1000,
        refPrice: 10,
        refVolume: 1000,
        tier: 3,
        active: true,
      })),
      1,
    );
  }
  const quotes = createQuotesRepo(db);
  const last = db.prepare('SELECT COALESCE(MAX(ts), 0) AS ts FROM quote_history').get() as { ts: number };
  let batch = last.ts;
  process.stdout.write('ready\n');
  for (;;) {
    batch++;
    const rows: StoredQuote[] = [];
    for (let i = 0; i < BATCH_SIZE; i++) {
      rows.push({
        symbol: symbolName(i),
        price: 10 + (batch % 100) / 100,
        change: 0,
        changePercent: 0,
        open: 10,
        high: 11,
        low: 9,
        previousClose: 10,
        volume: batch,
        source: 'simulated',
        asOf: batch,
        fetchedAt: batch,
      });
    }
    quotes.write(
      rows,
      rows.map((r) => ({ symbol: r.symbol, point: { ts: batch, price: r.price, volume: batch } })),
    );
    // Written only after the transaction returned: every announced batch is committed.
    process.stdout.write(`committed ${batch}\n`);
  }
}

const file = process.argv[2];
if (file) main(file);
