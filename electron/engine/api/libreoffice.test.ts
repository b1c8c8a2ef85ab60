// A real spreadsheet on the port: LibreOffice Calc recalculates WEBSERVICE cells against the API.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../../shared/csv';
import type { Quote } from '../../../shared/quote';
import { createTestEngine, tempDir } from '../../../test-support/engine';
import { rawRequest } from '../../../test-support/http';
import { createProfile, flatOds, recalcToCsv, SOFFICE, type Cell } from '../../../test-support/libreoffice';
import type { Engine } from '../index';
import { startEngineApi } from './index';
import type { ApiServer } from './server';

const SYMBOLS = ['AAPL', 'MSFT', 'NVDA', 'SPY', 'BRK.B'];
const FIELDS = ['price', 'change', 'volume', 'marketCap', 'asOf'] as const;

describe('LibreOffice Calc reads the port with WEBSERVICE', () => {
  let engine: Engine;
  let server: ApiServer;
  let readToken: string;
  let requests = 0;

  beforeAll(async () => {
    if (!fs.existsSync(SOFFICE)) {
      throw new Error(
        `${SOFFICE} is missing: install Debian's libreoffice-calc (apt-get install --no-install-recommends libreoffice-calc)`,
      );
    }
    // One refresh at start and none for an hour: prices hold still while the sheet and the JSON API are read.
    engine = createTestEngine({ refreshIntervalMs: 3_600_000 });
    await engine.start();
    for (const symbol of SYMBOLS) await engine.api.getQuote({ symbol });
    server = await startEngineApi(engine, { port: 0 });
    server.app.server.on('request', (req: { url?: string }) => {
      if (req.url?.includes('/tickers/')) requests++;
    });
    // The token a user pastes into a sheet is a read token.
    readToken = (await engine.api.createReadToken({ label: 'libreoffice' })).token;
  });
  afterAll(async () => {
    await server?.close();
    await engine?.stop();
  });

  it('recalculates a sheet of live prices whose values equal the JSON API', { timeout: 120_000 }, async () => {
    const dir = tempDir('quotedesk-calc-');
    const base = `http://127.0.0.1:${server.port}/api/v1/tickers/`;
    const rows: Cell[][] = [
      [{ text: 'symbol' }, ...FIELDS.map((f) => ({ text: f })), { text: 'value' }],
      ...SYMBOLS.map((symbol, i) => [
        { text: symbol },
        // The URL is built from the symbol cell, as a user would write it.
        ...FIELDS.map((f) => ({
          formula: `of:=COM.MICROSOFT.WEBSERVICE("${base}"&[.A${i + 2}]&"/${f}?token=${readToken}")`,
        })),
        // WEBSERVICE gives text; VALUE turns a price into a number the sheet can compute with.
        { formula: `of:=VALUE([.B${i + 2}])*10` },
      ]),
    ];
    const input = path.join(dir, 'quotes.fods');
    const output = path.join(dir, 'quotes.csv');
    fs.writeFileSync(input, flatOds(rows));
    const profile = createProfile(path.join(dir, 'profile'));

    const csv = parseCsv(await recalcToCsv(profile, input, output));
    expect(requests).toBeGreaterThanOrEqual(SYMBOLS.length * FIELDS.length);
    expect(csv[0]).toEqual(['symbol', ...FIELDS, 'value']);
    for (const [i, symbol] of SYMBOLS.entries()) {
      const row = csv[i + 1] ?? [];
      const res = await rawRequest(server.port, `/api/v1/tickers/${symbol}/live`, {
        headers: { host: `127.0.0.1:${server.port}`, authorization: `Bearer ${readToken}` },
      });
      const quote = JSON.parse(res.body) as Quote;
      expect(row[0]).toBe(symbol);
      // WEBSERVICE gives the text of the plain-text route: the same number (or empty when unknown).
      for (const [j, f] of FIELDS.entries()) {
        const v = quote[f];
        expect(row[j + 1], `${symbol} ${f}`).toBe(v === null ? '' : String(v));
      }
      expect(Number(row[1])).toBe(quote.price);
      expect(Number(row[6]), `${symbol} value`).toBeCloseTo(quote.price * 10, 6);
    }
  });
});
