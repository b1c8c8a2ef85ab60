// Every route of the OpenAPI document, exercised with valid and invalid input; every real answer
// is checked against the document. A documented route without a case here fails the suite.
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { endpoints, type EndpointName } from '../../../shared/contract';
import { createTestEngine } from '../../../test-support/engine';
import { collectSse, rawRequest, type RawResponse } from '../../../test-support/http';
import {
  createResponseChecker,
  listOperations,
  type OpenApiDoc,
  type ResponseChecker,
} from '../../../test-support/openapi-check';
import { startFakeAlphaVantage, type FakeAlphaVantage } from '../../../test-support/fake-alphavantage/index';
import { startFakeFinnhub, type FakeFinnhub } from '../../../test-support/fake-finnhub/index';
import { createManualClock, createSystemClock } from '../clock';
import type { Engine } from '../index';
import { createMemorySettingsStore } from '../settings-store';
import { startEngineApi } from './index';
import type { ApiServer } from './server';

type Who = 'admin' | 'read' | 'none' | { token: string };
type Req = {
  path: string;
  method?: string;
  who?: Who;
  /** How the token travels; bearer by default. */
  via?: 'bearer' | 'query';
  body?: unknown;
  /** Sent as is (no JSON encoding, no content type unless given). */
  rawBody?: string;
  headers?: Record<string, string>;
  /** The engine with fake Finnhub and Alpha Vantage servers behind it, for provider settings. */
  server?: 'providers';
  expect: number;
};
type Case = { valid: Req[]; invalid: Req[] };
type Ctx = {
  /** A fresh watchlist / portfolio / read token id for a case that changes or deletes it. */
  watchlist(): Promise<number>;
  portfolio(): Promise<number>;
  readTokenId(): Promise<string>;
  alert(): Promise<number>;
};

const JSON_WRITE = { 'content-type': 'application/json' };
const GOOD_FINNHUB_KEY = 'contract-test-finnhub-key';

/**
 * One entry per documented operation, keyed `METHOD /path/{template}`. When a route is added to the
 * contract, add its case here: the suite fails until every documented route has one.
 */
const CASES: Record<string, (ctx: Ctx) => Case | Promise<Case>> = {
  'GET /api/v1/tickers/{symbol}/live': () => ({
    valid: [
      { path: '/api/v1/tickers/AAPL/live', expect: 200 },
      { path: '/api/v1/tickers/msft/live', who: 'read', via: 'query', expect: 200 },
      { path: '/api/v1/tickers/BRK.B/live', expect: 200 },
    ],
    invalid: [
      { path: '/api/v1/tickers/a$b/live', expect: 400 },
      { path: '/api/v1/tickers/ZZZZZZ/live', expect: 404 },
    ],
  }),
  'GET /api/v1/tickers/{symbol}/{field}': () => ({
    valid: [
      { path: '/api/v1/tickers/AAPL/price', who: 'read', via: 'query', expect: 200 },
      { path: '/api/v1/tickers/AAPL/asOf', expect: 200 },
      { path: '/api/v1/tickers/NVDA/marketCap?t=46000.5', expect: 200 },
    ],
    invalid: [
      { path: '/api/v1/tickers/AAPL/bogus', expect: 400 },
      { path: '/api/v1/tickers/ZZZZZZ/price', expect: 404 },
    ],
  }),
  'GET /api/v1/market/live': () => ({
    valid: [
      { path: '/api/v1/market/live?symbols=AAPL,MSFT,NVDA&sort=price&order=desc', who: 'read', expect: 200 },
      { path: '/api/v1/market/live?tier=1&pageSize=5&page=2&minMarketCap=1e9', expect: 200 },
      { path: '/api/v1/market/live?symbols=AAPL,MSFT&format=csv', expect: 200 },
      { path: '/api/v1/market/live?q=micro&exchange=nasdaq', headers: { accept: 'text/csv' }, expect: 200 },
    ],
    invalid: [
      { path: '/api/v1/market/live?pageSize=0', expect: 400 },
      { path: '/api/v1/market/live?sort=bogus', expect: 400 },
      { path: '/api/v1/market/live?format=xml', expect: 400 },
      { path: '/api/v1/market/live?tier=7', expect: 400 },
      { path: '/api/v1/market/live?symbols=AAPL,a$b', expect: 400 },
    ],
  }),
  'GET /api/v1/market-data/prices/{symbol}': () => ({
    valid: [
      { path: '/api/v1/market-data/prices/AAPL', who: 'read', expect: 200 },
      { path: '/api/v1/market-data/prices/AAPL?format=csv&from=2026-03-10T00:00:00Z', expect: 200 },
    ],
    invalid: [
      { path: '/api/v1/market-data/prices/AAPL?from=2026-03-10T12:00:00Z&to=2026-03-10T11:00:00Z', expect: 400 },
      { path: '/api/v1/market-data/prices/AAPL?from=yesterday', expect: 400 },
      { path: '/api/v1/market-data/prices/ZZZZZZ', expect: 404 },
    ],
  }),
  'GET /api/v1/symbols': () => ({
    valid: [
      { path: '/api/v1/symbols?q=app', who: 'read', expect: 200 },
      { path: '/api/v1/symbols?q=bank&limit=3&format=csv', expect: 200 },
    ],
    invalid: [
      { path: '/api/v1/symbols', expect: 400 },
      { path: '/api/v1/symbols?q=a&limit=1000', expect: 400 },
    ],
  }),
  'GET /api/v1/watchlists': () => ({
    valid: [
      { path: '/api/v1/watchlists', who: 'read', expect: 200 },
      { path: '/api/v1/watchlists?format=csv', expect: 200 },
    ],
    invalid: [{ path: '/api/v1/watchlists?format=xml', expect: 400 }],
  }),
  'POST /api/v1/watchlists': () => ({
    valid: [
      { path: '/api/v1/watchlists', method: 'POST', body: { name: 'Chips', symbols: ['nvda', 'AMD'] }, expect: 201 },
    ],
    invalid: [
      { path: '/api/v1/watchlists', method: 'POST', body: {}, expect: 400 },
      { path: '/api/v1/watchlists', method: 'POST', body: { name: 'x', symbols: ['NOTREAL'] }, expect: 400 },
      { path: '/api/v1/watchlists', method: 'POST', body: { name: 'x', colour: 'red' }, expect: 400 },
      { path: '/api/v1/watchlists', method: 'POST', rawBody: '{"name": ', headers: JSON_WRITE, expect: 400 },
      { path: '/api/v1/watchlists', method: 'POST', rawBody: '', headers: JSON_WRITE, expect: 400 },
      {
        path: '/api/v1/watchlists',
        method: 'POST',
        rawBody: '{"name":"x"}',
        headers: { 'content-type': 'text/plain' },
        expect: 415,
      },
      {
        path: '/api/v1/watchlists',
        method: 'POST',
        rawBody: 'name=x',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        expect: 415,
      },
      { path: '/api/v1/watchlists', method: 'POST', rawBody: '', expect: 415 },
      {
        path: '/api/v1/watchlists',
        method: 'POST',
        rawBody: JSON.stringify({ name: 'x'.repeat(2_000_000) }),
        headers: JSON_WRITE,
        expect: 413,
      },
      { path: '/api/v1/watchlists', method: 'POST', who: 'read', body: { name: 'x' }, expect: 403 },
    ],
  }),
  'GET /api/v1/watchlists/{id}': async (ctx) => ({
    valid: [{ path: `/api/v1/watchlists/${await ctx.watchlist()}`, who: 'read', expect: 200 }],
    invalid: [
      { path: '/api/v1/watchlists/999999', expect: 404 },
      { path: '/api/v1/watchlists/abc', expect: 400 },
    ],
  }),
  'PUT /api/v1/watchlists/{id}': async (ctx) => {
    const id = await ctx.watchlist();
    return {
      valid: [
        { path: `/api/v1/watchlists/${id}`, method: 'PUT', body: { name: 'Renamed', symbols: ['SPY'] }, expect: 200 },
        { path: `/api/v1/watchlists/${id}`, method: 'PUT', body: {}, expect: 200 },
      ],
      invalid: [
        { path: '/api/v1/watchlists/999999', method: 'PUT', body: { name: 'x' }, expect: 404 },
        { path: `/api/v1/watchlists/${id}`, method: 'PUT', body: { name: '' }, expect: 400 },
        { path: `/api/v1/watchlists/${id}`, method: 'PUT', who: 'read', body: { name: 'x' }, expect: 403 },
      ],
    };
  },
  'DELETE /api/v1/watchlists/{id}': async (ctx) => {
    const id = await ctx.watchlist();
    return {
      valid: [{ path: `/api/v1/watchlists/${id}`, method: 'DELETE', expect: 204 }],
      invalid: [
        { path: `/api/v1/watchlists/${id}`, method: 'DELETE', expect: 404 },
        { path: '/api/v1/watchlists/0', method: 'DELETE', expect: 400 },
        { path: `/api/v1/watchlists/${await ctx.watchlist()}`, method: 'DELETE', who: 'read', expect: 403 },
      ],
    };
  },
  'GET /api/v1/market-data/status': () => ({
    valid: [{ path: '/api/v1/market-data/status', who: 'read', expect: 200 }],
    invalid: [{ path: '/api/v1/market-data/status', who: { token: 'wrong' }, expect: 401 }],
  }),
  'GET /api/v1/market/status': () => ({
    valid: [
      { path: '/api/v1/market/status', who: 'read', expect: 200 },
      // The day after Thanksgiving 2026, after its 13:00 early close.
      { path: '/api/v1/market/status?at=2026-11-27T18:30:00Z', who: 'read', via: 'query', expect: 200 },
      { path: '/api/v1/market/status?at=2026-03-08T07:00:00%2B01:00', expect: 200 },
    ],
    invalid: [
      { path: '/api/v1/market/status?at=yesterday', expect: 400 },
      { path: '/api/v1/market/status?at=1850-01-01T00:00:00Z', expect: 400 },
    ],
  }),
  'GET /api/v1/admin/tiers': () => ({
    valid: [
      { path: '/api/v1/admin/tiers?tier=1&pageSize=5', expect: 200 },
      { path: '/api/v1/admin/tiers?tier=3&page=2&pageSize=10&format=csv', expect: 200 },
    ],
    invalid: [
      { path: '/api/v1/admin/tiers?tier=4', expect: 400 },
      { path: '/api/v1/admin/tiers?pageSize=0', expect: 400 },
    ],
  }),
  'POST /api/v1/admin/tiers/reclassify': () => ({
    valid: [{ path: '/api/v1/admin/tiers/reclassify', method: 'POST', body: {}, expect: 200 }],
    invalid: [
      { path: '/api/v1/admin/tiers/reclassify', method: 'POST', body: { now: true }, expect: 400 },
      { path: '/api/v1/admin/tiers/reclassify', method: 'POST', rawBody: '', expect: 415 },
    ],
  }),
  'GET /api/v1/admin/overrides': () => ({
    valid: [
      { path: '/api/v1/admin/overrides', expect: 200 },
      { path: '/api/v1/admin/overrides?format=csv', expect: 200 },
    ],
    invalid: [{ path: '/api/v1/admin/overrides?format=xml', expect: 400 }],
  }),
  'POST /api/v1/admin/overrides': () => ({
    valid: [{ path: '/api/v1/admin/overrides', method: 'POST', body: { symbols: ['zvra'], tier: 3 }, expect: 200 }],
    invalid: [
      { path: '/api/v1/admin/overrides', method: 'POST', body: { symbols: ['NOPEX'], tier: 1 }, expect: 400 },
      { path: '/api/v1/admin/overrides', method: 'POST', body: { symbols: ['AAPL'], tier: 4 }, expect: 400 },
      { path: '/api/v1/admin/overrides', method: 'POST', body: { symbols: [], tier: 1 }, expect: 400 },
    ],
  }),
  'DELETE /api/v1/admin/overrides': () => ({
    valid: [{ path: '/api/v1/admin/overrides?symbols=ZVRA', method: 'DELETE', expect: 200 }],
    invalid: [
      { path: '/api/v1/admin/overrides', method: 'DELETE', expect: 400 },
      { path: '/api/v1/admin/overrides?symbols=a$b', method: 'DELETE', expect: 400 },
    ],
  }),
  'GET /api/v1/admin/poll-intervals': () => ({
    valid: [{ path: '/api/v1/admin/poll-intervals', expect: 200 }],
    invalid: [{ path: '/api/v1/admin/poll-intervals', who: 'read', expect: 403 }],
  }),
  'POST /api/v1/admin/poll-intervals': () => ({
    valid: [
      {
        path: '/api/v1/admin/poll-intervals',
        method: 'POST',
        body: { tier1: { intervalSeconds: 30, size: 200 } },
        expect: 200,
      },
      { path: '/api/v1/admin/poll-intervals', method: 'POST', body: { reset: true }, expect: 200 },
    ],
    invalid: [
      { path: '/api/v1/admin/poll-intervals', method: 'POST', body: { tier1: { every: 5 } }, expect: 400 },
      { path: '/api/v1/admin/poll-intervals', method: 'POST', body: { tier1: { intervalSeconds: 0 } }, expect: 400 },
      // Tier 3 holds whatever tiers 1 and 2 do not: it has no size to ask for.
      { path: '/api/v1/admin/poll-intervals', method: 'POST', body: { tier3: { size: 5 } }, expect: 400 },
    ],
  }),
  'POST /api/v1/market-data/refresh': () => ({
    valid: [{ path: '/api/v1/market-data/refresh', method: 'POST', body: { symbols: ['AAPL', 'msft'] }, expect: 202 }],
    invalid: [
      { path: '/api/v1/market-data/refresh', method: 'POST', body: { symbols: ['NOPEX'] }, expect: 400 },
      { path: '/api/v1/market-data/refresh', method: 'POST', body: { symbols: [] }, expect: 400 },
      { path: '/api/v1/market-data/refresh', method: 'POST', body: { symbols: ['AAPL'], when: 'now' }, expect: 400 },
    ],
  }),
  'GET /api/v1/portfolios': async (ctx) => {
    await ctx.portfolio();
    return {
      valid: [
        { path: '/api/v1/portfolios', expect: 200 },
        { path: '/api/v1/portfolios?format=csv', expect: 200 },
      ],
      invalid: [
        { path: '/api/v1/portfolios', who: 'read', expect: 403 },
        { path: '/api/v1/portfolios?format=xml', expect: 400 },
      ],
    };
  },
  'POST /api/v1/portfolios': () => ({
    valid: [
      {
        path: '/api/v1/portfolios',
        method: 'POST',
        body: { name: 'Retirement', holdings: [{ symbol: 'aapl', shares: 10, costBasis: 1500 }] },
        expect: 201,
      },
      { path: '/api/v1/portfolios', method: 'POST', body: { name: 'Empty' }, expect: 201 },
    ],
    invalid: [
      {
        path: '/api/v1/portfolios',
        method: 'POST',
        body: {
          name: 'Twice',
          holdings: [
            { symbol: 'AAPL', shares: 1, costBasis: 1 },
            { symbol: 'aapl', shares: 1, costBasis: 1 },
          ],
        },
        expect: 400,
      },
      {
        path: '/api/v1/portfolios',
        method: 'POST',
        body: { name: 'Neg', holdings: [{ symbol: 'AAPL', shares: -1, costBasis: 1 }] },
        expect: 400,
      },
      {
        path: '/api/v1/portfolios',
        method: 'POST',
        body: { name: 'Unknown', holdings: [{ symbol: 'NOTREAL', shares: 1, costBasis: 1 }] },
        expect: 400,
      },
      { path: '/api/v1/portfolios', method: 'POST', who: 'read', body: { name: 'x' }, expect: 403 },
    ],
  }),
  'GET /api/v1/portfolios/{id}': async (ctx) => ({
    valid: [{ path: `/api/v1/portfolios/${await ctx.portfolio()}`, expect: 200 }],
    invalid: [
      { path: '/api/v1/portfolios/999999', expect: 404 },
      { path: '/api/v1/portfolios/-3', expect: 400 },
      { path: `/api/v1/portfolios/${await ctx.portfolio()}`, who: 'read', expect: 403 },
    ],
  }),
  'PUT /api/v1/portfolios/{id}': async (ctx) => {
    const id = await ctx.portfolio();
    return {
      valid: [
        {
          path: `/api/v1/portfolios/${id}`,
          method: 'PUT',
          body: { holdings: [{ symbol: 'MSFT', shares: 2.5, costBasis: 700 }] },
          expect: 200,
        },
      ],
      invalid: [
        { path: '/api/v1/portfolios/999999', method: 'PUT', body: { name: 'x' }, expect: 404 },
        { path: `/api/v1/portfolios/${id}`, method: 'PUT', body: { holdings: 'AAPL' }, expect: 400 },
      ],
    };
  },
  'DELETE /api/v1/portfolios/{id}': async (ctx) => {
    const id = await ctx.portfolio();
    return {
      valid: [{ path: `/api/v1/portfolios/${id}`, method: 'DELETE', expect: 204 }],
      invalid: [
        { path: `/api/v1/portfolios/${id}`, method: 'DELETE', expect: 404 },
        { path: '/api/v1/portfolios/x', method: 'DELETE', expect: 400 },
      ],
    };
  },
  'GET /api/v1/portfolios/{id}/valuation': async (ctx) => {
    const id = await ctx.portfolio();
    return {
      valid: [
        { path: `/api/v1/portfolios/${id}/valuation`, expect: 200 },
        { path: `/api/v1/portfolios/${id}/valuation`, headers: { accept: 'text/csv' }, expect: 200 },
      ],
      invalid: [
        { path: '/api/v1/portfolios/999999/valuation', expect: 404 },
        { path: `/api/v1/portfolios/${id}/valuation`, who: 'read', expect: 403 },
      ],
    };
  },
  'GET /api/v1/settings/api': () => ({
    valid: [{ path: '/api/v1/settings/api', expect: 200 }],
    invalid: [{ path: '/api/v1/settings/api', who: 'read', expect: 403 }],
  }),
  'PUT /api/v1/settings/api': () => ({
    valid: [
      { path: '/api/v1/settings/api', method: 'PUT', body: { port: 7718 }, expect: 200 },
      { path: '/api/v1/settings/api', method: 'PUT', body: { enabled: true, port: 0 }, expect: 200 },
    ],
    invalid: [
      { path: '/api/v1/settings/api', method: 'PUT', body: { port: 70000 }, expect: 400 },
      { path: '/api/v1/settings/api', method: 'PUT', body: { enabled: 'yes' }, expect: 400 },
    ],
  }),
  'GET /api/v1/settings/api/read-tokens': async (ctx) => {
    await ctx.readTokenId();
    return {
      valid: [
        { path: '/api/v1/settings/api/read-tokens', expect: 200 },
        { path: '/api/v1/settings/api/read-tokens?format=csv', expect: 200 },
      ],
      invalid: [{ path: '/api/v1/settings/api/read-tokens', who: 'read', expect: 403 }],
    };
  },
  'POST /api/v1/settings/api/read-tokens': () => ({
    valid: [{ path: '/api/v1/settings/api/read-tokens', method: 'POST', body: { label: 'budget sheet' }, expect: 201 }],
    invalid: [
      { path: '/api/v1/settings/api/read-tokens', method: 'POST', body: {}, expect: 400 },
      { path: '/api/v1/settings/api/read-tokens', method: 'POST', body: { label: 'x' }, who: 'read', expect: 403 },
    ],
  }),
  'DELETE /api/v1/settings/api/read-tokens/{id}': async (ctx) => {
    const id = await ctx.readTokenId();
    return {
      valid: [{ path: `/api/v1/settings/api/read-tokens/${id}`, method: 'DELETE', expect: 204 }],
      invalid: [{ path: `/api/v1/settings/api/read-tokens/${id}`, method: 'DELETE', expect: 404 }],
    };
  },
  'GET /api/v1/settings/api/admin-token': () => ({
    valid: [{ path: '/api/v1/settings/api/admin-token', expect: 200 }],
    invalid: [{ path: '/api/v1/settings/api/admin-token', who: 'read', expect: 403 }],
  }),
  'POST /api/v1/settings/api/admin-token/rotate': () => ({
    valid: [{ path: '/api/v1/settings/api/admin-token/rotate', method: 'POST', body: {}, expect: 200 }],
    invalid: [
      { path: '/api/v1/settings/api/admin-token/rotate', method: 'POST', body: { token: 'mine' }, expect: 400 },
      { path: '/api/v1/settings/api/admin-token/rotate', method: 'POST', rawBody: '', expect: 415 },
    ],
  }),
  'GET /api/v1/market-data/stream': () => ({
    valid: [
      { path: '/api/v1/market-data/stream?symbols=AAPL,MSFT', who: 'read', via: 'query', expect: 200 },
      { path: '/api/v1/market-data/stream', expect: 200 },
    ],
    invalid: [{ path: '/api/v1/market-data/stream?symbols=a$b', expect: 400 }],
  }),
  'GET /api/v1/providers': () => ({
    valid: [
      { path: '/api/v1/providers', expect: 200 },
      { path: '/api/v1/providers', server: 'providers', expect: 200 },
    ],
    invalid: [{ path: '/api/v1/providers', who: 'read', expect: 403 }],
  }),
  'PUT /api/v1/providers/{provider}/key': () => ({
    valid: [
      {
        path: '/api/v1/providers/finnhub/key',
        method: 'PUT',
        server: 'providers',
        body: { key: GOOD_FINNHUB_KEY },
        expect: 200,
      },
    ],
    invalid: [
      {
        path: '/api/v1/providers/finnhub/key',
        method: 'PUT',
        server: 'providers',
        body: { key: 'wrong' },
        expect: 400,
      },
      { path: '/api/v1/providers/finnhub/key', method: 'PUT', server: 'providers', body: { key: 'a b' }, expect: 400 },
      { path: '/api/v1/providers/simulated/key', method: 'PUT', server: 'providers', body: { key: 'k' }, expect: 400 },
      { path: '/api/v1/providers/finnhub/key', method: 'PUT', server: 'providers', body: {}, expect: 400 },
    ],
  }),
  'DELETE /api/v1/providers/{provider}/key': () => ({
    valid: [{ path: '/api/v1/providers/finnhub/key', method: 'DELETE', server: 'providers', expect: 204 }],
    invalid: [{ path: '/api/v1/providers/bogus/key', method: 'DELETE', server: 'providers', expect: 400 }],
  }),
  'PUT /api/v1/providers/{provider}/limits': () => ({
    valid: [
      {
        path: '/api/v1/providers/finnhub/limits',
        method: 'PUT',
        server: 'providers',
        body: { limits: '5/s,30/min' },
        expect: 200,
      },
      {
        path: '/api/v1/providers/finnhub/limits',
        method: 'PUT',
        server: 'providers',
        body: { limits: null },
        expect: 200,
      },
    ],
    invalid: [
      {
        path: '/api/v1/providers/finnhub/limits',
        method: 'PUT',
        server: 'providers',
        body: { limits: '30 per minute' },
        expect: 400,
      },
      {
        path: '/api/v1/providers/nope/limits',
        method: 'PUT',
        server: 'providers',
        body: { limits: null },
        expect: 400,
      },
    ],
  }),
  'PUT /api/v1/providers/order': () => ({
    valid: [
      {
        path: '/api/v1/providers/order',
        method: 'PUT',
        server: 'providers',
        body: { providers: ['simulated'] },
        expect: 200,
      },
      { path: '/api/v1/providers/order', method: 'PUT', server: 'providers', body: { providers: null }, expect: 200 },
    ],
    invalid: [
      { path: '/api/v1/providers/order', method: 'PUT', server: 'providers', body: { providers: [] }, expect: 400 },
      {
        path: '/api/v1/providers/order',
        method: 'PUT',
        server: 'providers',
        body: { providers: ['nyse'] },
        expect: 400,
      },
    ],
  }),
  'GET /api/v1/admin/api-usage': () => ({
    valid: [
      { path: '/api/v1/admin/api-usage', expect: 200 },
      { path: '/api/v1/admin/api-usage?provider=finnhub&limit=5', server: 'providers', expect: 200 },
      { path: '/api/v1/admin/api-usage?format=csv', server: 'providers', expect: 200 },
    ],
    invalid: [
      { path: '/api/v1/admin/api-usage?limit=0', expect: 400 },
      { path: '/api/v1/admin/api-usage?provider=nyse', expect: 400 },
    ],
  }),
  'GET /api/v1/universe': () => ({
    valid: [
      { path: '/api/v1/universe', who: 'read', expect: 200 },
      { path: '/api/v1/universe?format=csv', expect: 200 },
    ],
    invalid: [{ path: '/api/v1/universe?format=xml', expect: 400 }],
  }),
  'GET /api/v1/alerts': async (ctx) => {
    await ctx.alert();
    return {
      valid: [
        { path: '/api/v1/alerts', who: 'read', expect: 200 },
        { path: '/api/v1/alerts?format=csv', expect: 200 },
      ],
      invalid: [{ path: '/api/v1/alerts?format=xml', expect: 400 }],
    };
  },
  'POST /api/v1/alerts': () => ({
    valid: [
      { path: '/api/v1/alerts', method: 'POST', body: { symbol: 'aapl', kind: 'above', threshold: 900 }, expect: 201 },
      {
        path: '/api/v1/alerts',
        method: 'POST',
        body: { symbol: 'MSFT', kind: 'move', threshold: 5, repeat: true },
        expect: 201,
      },
    ],
    invalid: [
      { path: '/api/v1/alerts', method: 'POST', body: { symbol: 'AAPL', kind: 'sideways', threshold: 1 }, expect: 400 },
      { path: '/api/v1/alerts', method: 'POST', body: { symbol: 'AAPL', kind: 'below', threshold: 0 }, expect: 400 },
      { path: '/api/v1/alerts', method: 'POST', body: { symbol: 'NOTREAL', kind: 'above', threshold: 1 }, expect: 400 },
      { path: '/api/v1/alerts', method: 'POST', body: { symbol: 'AAPL', kind: 'move', threshold: 5000 }, expect: 400 },
      {
        path: '/api/v1/alerts',
        method: 'POST',
        who: 'read',
        body: { symbol: 'AAPL', kind: 'above', threshold: 1 },
        expect: 403,
      },
    ],
  }),
  'PUT /api/v1/alerts/{id}': async (ctx) => {
    const id = await ctx.alert();
    return {
      valid: [
        { path: `/api/v1/alerts/${id}`, method: 'PUT', body: { enabled: false }, expect: 200 },
        {
          path: `/api/v1/alerts/${id}`,
          method: 'PUT',
          body: { threshold: 950, repeat: true, enabled: true },
          expect: 200,
        },
      ],
      invalid: [
        { path: '/api/v1/alerts/999999', method: 'PUT', body: { enabled: true }, expect: 404 },
        { path: `/api/v1/alerts/${id}`, method: 'PUT', body: { threshold: -1 }, expect: 400 },
        { path: '/api/v1/alerts/abc', method: 'PUT', body: {}, expect: 400 },
      ],
    };
  },
  'DELETE /api/v1/alerts/{id}': async (ctx) => {
    const id = await ctx.alert();
    return {
      valid: [{ path: `/api/v1/alerts/${id}`, method: 'DELETE', expect: 204 }],
      invalid: [
        { path: `/api/v1/alerts/${id}`, method: 'DELETE', expect: 404 },
        { path: `/api/v1/alerts/${await ctx.alert()}`, method: 'DELETE', who: 'read', expect: 403 },
      ],
    };
  },
  'GET /api/v1/alerts/history': () => ({
    valid: [
      { path: '/api/v1/alerts/history', who: 'read', expect: 200 },
      { path: '/api/v1/alerts/history?symbol=aapl&limit=5&format=csv', expect: 200 },
    ],
    invalid: [
      { path: '/api/v1/alerts/history?limit=0', expect: 400 },
      { path: '/api/v1/alerts/history?symbol=a$b', expect: 400 },
    ],
  }),
  'GET /api/v1/admin/usage-alerts': () => ({
    valid: [
      { path: '/api/v1/admin/usage-alerts', expect: 200 },
      { path: '/api/v1/admin/usage-alerts?state=active&limit=5&format=csv', expect: 200 },
    ],
    invalid: [
      { path: '/api/v1/admin/usage-alerts?state=open', expect: 400 },
      { path: '/api/v1/admin/usage-alerts?limit=0', expect: 400 },
      { path: '/api/v1/admin/usage-alerts', who: 'read', expect: 403 },
    ],
  }),
  'GET /api/v1/admin/usage-reports': () => ({
    valid: [
      { path: '/api/v1/admin/usage-reports', expect: 200 },
      { path: '/api/v1/admin/usage-reports?days=7&format=csv', server: 'providers', expect: 200 },
    ],
    invalid: [
      { path: '/api/v1/admin/usage-reports?days=0', expect: 400 },
      { path: '/api/v1/admin/usage-reports?days=many', expect: 400 },
    ],
  }),
  'GET /api/v1/admin/usage-alerts/settings': () => ({
    valid: [{ path: '/api/v1/admin/usage-alerts/settings', expect: 200 }],
    invalid: [{ path: '/api/v1/admin/usage-alerts/settings', who: 'read', expect: 403 }],
  }),
  'PUT /api/v1/admin/usage-alerts/settings': () => ({
    valid: [
      {
        path: '/api/v1/admin/usage-alerts/settings',
        method: 'PUT',
        body: { webhook: 'https://hooks.example.com/services/T0/B0/x' },
        expect: 200,
      },
      { path: '/api/v1/admin/usage-alerts/settings', method: 'PUT', body: { webhook: null }, expect: 200 },
    ],
    invalid: [
      {
        path: '/api/v1/admin/usage-alerts/settings',
        method: 'PUT',
        body: { webhook: 'file:///etc/passwd' },
        expect: 400,
      },
      { path: '/api/v1/admin/usage-alerts/settings', method: 'PUT', body: { webhook: 'javascript:x' }, expect: 400 },
      { path: '/api/v1/admin/usage-alerts/settings', method: 'PUT', body: {}, expect: 400 },
    ],
  }),
  'POST /api/v1/admin/usage-alerts/webhook-test': async () => {
    // Port 9 on loopback refuses at once: the test answers 200 with delivered false.
    await engine.api.updateUsageAlertSettings({ webhook: 'http://127.0.0.1:9/hook' });
    return {
      valid: [{ path: '/api/v1/admin/usage-alerts/webhook-test', method: 'POST', body: {}, expect: 200 }],
      invalid: [
        { path: '/api/v1/admin/usage-alerts/webhook-test', method: 'POST', body: { now: true }, expect: 400 },
        { path: '/api/v1/admin/usage-alerts/webhook-test', method: 'POST', rawBody: '', expect: 415 },
      ],
    };
  },
  'GET /api/v1/settings/ui': () => ({
    valid: [{ path: '/api/v1/settings/ui', expect: 200 }],
    invalid: [{ path: '/api/v1/settings/ui', who: 'read', expect: 403 }],
  }),
  'PUT /api/v1/settings/ui': () => ({
    valid: [
      { path: '/api/v1/settings/ui', method: 'PUT', body: { theme: 'dark' }, expect: 200 },
      { path: '/api/v1/settings/ui', method: 'PUT', body: {}, expect: 200 },
    ],
    invalid: [
      { path: '/api/v1/settings/ui', method: 'PUT', body: { theme: 'sepia' }, expect: 400 },
      { path: '/api/v1/settings/ui', method: 'PUT', who: 'read', body: { theme: 'light' }, expect: 403 },
    ],
  }),
  'PUT /api/v1/settings/refresh': () => ({
    valid: [
      { path: '/api/v1/settings/refresh', method: 'PUT', body: { extendedHours: true }, expect: 200 },
      { path: '/api/v1/settings/refresh', method: 'PUT', body: {}, expect: 200 },
    ],
    invalid: [
      { path: '/api/v1/settings/refresh', method: 'PUT', body: { extendedHours: 'yes' }, expect: 400 },
      { path: '/api/v1/settings/refresh', method: 'PUT', body: { extendedHours: true, theme: 'dark' }, expect: 400 },
      { path: '/api/v1/settings/refresh', method: 'PUT', who: 'read', body: { extendedHours: false }, expect: 403 },
    ],
  }),
  'GET /api/v1/openapi.json': () => ({
    valid: [{ path: '/api/v1/openapi.json', who: 'read', expect: 200 }],
    invalid: [{ path: '/api/v1/openapi.json', who: 'none', expect: 401 }],
  }),
  'GET /api/v1/health/summary': () => ({
    valid: [
      { path: '/api/v1/health/summary', expect: 200 },
      { path: '/api/v1/health/summary?logLevel=error&logLimit=5', via: 'query', expect: 200 },
    ],
    invalid: [
      { path: '/api/v1/health/summary?logLevel=info', expect: 400 },
      { path: '/api/v1/health/summary?logLimit=0', expect: 400 },
      { path: '/api/v1/health/summary', who: 'read', expect: 403 },
    ],
  }),
  'GET /metrics': () => ({
    valid: [{ path: '/metrics', who: 'read', via: 'query', expect: 200 }],
    invalid: [{ path: '/metrics', who: { token: 'x'.repeat(43) }, expect: 401 }],
  }),
  'GET /healthz': () => ({
    valid: [{ path: '/healthz', who: 'none', expect: 200 }],
    invalid: [{ path: '/healthz', who: 'none', headers: { host: 'evil.example:80' }, expect: 403 }],
  }),
};

let engine: Engine;
let server: ApiServer;
let doc: OpenApiDoc;
let checker: ResponseChecker;
let adminToken: string;
let readToken: string;

function portOf(req: Req): number {
  return req.server ? providers.server.port : server.port;
}

function tokenOf(who: Who, target?: 'providers'): string | undefined {
  if (who === 'admin') return target ? providers.adminToken : adminToken;
  if (who === 'read') return target ? providers.readToken : readToken;
  if (who === 'none') return undefined;
  return who.token;
}

function build(req: Req): { path: string; method: string; headers: Record<string, string>; body?: string } {
  const token = tokenOf(req.who ?? 'admin', req.server);
  const headers: Record<string, string> = { host: `127.0.0.1:${portOf(req)}` };
  let path = req.path;
  if (token !== undefined) {
    if (req.via === 'query') path += `${path.includes('?') ? '&' : '?'}token=${encodeURIComponent(token)}`;
    else headers.authorization = `Bearer ${token}`;
  }
  let body: string | undefined;
  if (req.rawBody !== undefined) body = req.rawBody;
  else if (req.body !== undefined) {
    body = JSON.stringify(req.body);
    headers['content-type'] = 'application/json';
  }
  return {
    path,
    method: req.method ?? 'GET',
    headers: { ...headers, ...req.headers },
    ...(body === undefined ? {} : { body }),
  };
}

async function send(req: Req): Promise<RawResponse> {
  const r = build(req);
  if (r.path.startsWith('/api/v1/market-data/stream') && req.expect === 200) {
    // An endless stream: read its first events, check each payload against x-sse-events.
    const { status, events } = await collectSse(server.port, r.path, (evs) => evs.some((e) => e.event === 'quote'), {
      headers: r.headers,
      timeoutMs: 5000,
    });
    const spec = doc.paths['/api/v1/market-data/stream']?.get?.['x-sse-events'] ?? {};
    expect(events.length).toBeGreaterThan(0);
    for (const e of events) {
      expect(e.id, `event ${e.event} has an id`).toMatch(/^[0-9a-z]+-\d+$/);
      const schema = spec[e.event];
      expect(schema, `event ${e.event} is documented`).toBeDefined();
      expect(checker.validate(schema ?? {}, JSON.parse(e.data)), `event ${e.event}`).toEqual([]);
    }
    return { status, headers: { 'content-type': 'text/event-stream' }, body: '' };
  }
  return rawRequest(portOf(req), r.path, {
    method: r.method,
    headers: r.headers,
    ...(r.body === undefined ? {} : { body: r.body }),
  });
}

/** Everything a GET must never change: settings and every table but the market-data caches. */
function userState(): string {
  const tables = (
    engine.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]
  )
    .map((t) => t.name)
    .filter((n) => n !== 'quotes' && n !== 'quote_history');
  const dump = tables.map((t) => [t, engine.db.prepare(`SELECT * FROM "${t}"`).all()]);
  return JSON.stringify({ tables: dump, settings: settings.get() });
}

const settings = createMemorySettingsStore();

/** A second engine whose providers are fakes: setting keys switches its feed without touching the first. */
const providers = {} as {
  engine: Engine;
  server: ApiServer;
  finnhub: FakeFinnhub;
  alphavantage: FakeAlphaVantage;
  adminToken: string;
  readToken: string;
};

async function startProvidersEngine(): Promise<void> {
  const clock = createSystemClock();
  providers.finnhub = await startFakeFinnhub({ clock, keys: [GOOD_FINNHUB_KEY] });
  providers.alphavantage = await startFakeAlphaVantage({ clock });
  providers.engine = createTestEngine({
    env: {
      QUOTEDESK_FINNHUB_URL: providers.finnhub.url,
      QUOTEDESK_FINNHUB_WS_URL: providers.finnhub.wsUrl,
      QUOTEDESK_ALPHAVANTAGE_URL: providers.alphavantage.url,
    },
  });
  await providers.engine.start();
  providers.server = await startEngineApi(providers.engine, { port: 0 });
  providers.adminToken = providers.engine.config.adminToken;
  providers.readToken = (await providers.engine.api.createReadToken({ label: 'contract tests' })).token;
}

beforeAll(async () => {
  const clock = createManualClock(Date.parse('2026-03-10T15:00:00Z'));
  // No QUOTEDESK_API_TOKEN: the admin token lives in settings, so rotation can be exercised.
  engine = createTestEngine({ clock, settings, env: { QUOTEDESK_API_TOKEN: undefined } });
  await engine.start();
  // Quote the whole universe, then stop time: nothing in the background writes during the checks.
  await clock.advance(10_000);
  server = await startEngineApi(engine, { port: 0 });
  adminToken = engine.config.adminToken;
  readToken = (await engine.api.createReadToken({ label: 'contract tests' })).token;
  const res = await rawRequest(server.port, '/api/v1/openapi.json', {
    headers: { host: `127.0.0.1:${server.port}`, authorization: `Bearer ${adminToken}` },
  });
  expect(res.status).toBe(200);
  doc = JSON.parse(res.body) as OpenApiDoc;
  checker = createResponseChecker(doc);
  await startProvidersEngine();
});

afterAll(async () => {
  await server?.close();
  await engine?.stop();
  await providers.server?.close();
  await providers.engine?.stop();
  await providers.finnhub?.stop();
  await providers.alphavantage?.stop();
});

describe('the OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const result = await new Validator().validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['bearer', 'cookie', 'queryToken']);
  });

  it('documents every route the server registered, and every contract entry', () => {
    const documented = new Set(listOperations(doc).map((o) => `${o.method} ${o.path}`));
    for (const r of server.routes()) {
      expect(documented, `${r.method} ${r.url}`).toContain(`${r.method} ${r.url.replace(/:(\w+)/g, '{$1}')}`);
    }
    for (const [name, ep] of Object.entries(endpoints)) {
      const op = doc.paths[`/api/v1${ep.path}`]?.[ep.method.toLowerCase()];
      expect(op?.operationId, name).toBe(name);
      expect(op?.['x-scope'], name).toBe(ep.scope);
    }
  });

  it('is checked by a response checker that notices every kind of mismatch', () => {
    const path = '/api/v1/tickers/{symbol}/live';
    const json = { 'content-type': 'application/json; charset=utf-8' };
    expect(checker.check('GET', path, { status: 418, headers: json, body: '{}' })[0]).toMatch(/not documented/);
    expect(checker.check('GET', path, { status: 200, headers: { 'content-type': 'text/html' }, body: '' })[0]).toMatch(
      /content type/,
    );
    expect(
      checker.check('GET', path, { status: 200, headers: json, body: '{"symbol":"AAPL"}' }).length,
    ).toBeGreaterThan(0);
    expect(checker.check('GET', path, { status: 404, headers: json, body: '{"error":{"code":"nope"}}' }).length).toBe(
      2,
    );
    expect(
      checker.check('GET', path, {
        status: 429,
        headers: json,
        body: '{"error":{"code":"rate_limited","message":"x"}}',
      }),
    ).toEqual(['header retry-after is missing']);
  });

  it('offers CSV on every route that answers a list', () => {
    // A new GET route returning an array of objects must set `csv` in its contract entry.
    const missing = Object.entries(endpoints)
      .filter(([, ep]) => ep.method === 'GET' && ep.output instanceof z.ZodArray && !('csv' in ep && ep.csv))
      .map(([name]) => name);
    expect(missing).toEqual([]);
  });

  it('has a test case for every documented route', () => {
    const missing = listOperations(doc)
      .map((o) => `${o.method} ${o.path}`)
      .filter((k) => !CASES[k]);
    expect(missing, 'add these routes to CASES in contract.test.ts').toEqual([]);
    const stale = Object.keys(CASES).filter((k) => !listOperations(doc).some((o) => `${o.method} ${o.path}` === k));
    expect(stale, 'cases for routes that are no longer documented').toEqual([]);
  });
});

describe('every route against the document', () => {
  const ctx: Ctx = {
    watchlist: async () => (await engine.api.createWatchlist({ name: 'fixture', symbols: ['AAPL', 'MSFT'] })).id,
    portfolio: async () =>
      (
        await engine.api.createPortfolio({
          name: 'fixture',
          holdings: [
            { symbol: 'AAPL', shares: 10, costBasis: 1500 },
            { symbol: 'MSFT', shares: 3, costBasis: 900 },
          ],
        })
      ).id,
    readTokenId: async () => (await engine.api.createReadToken({ label: 'fixture' })).id,
    alert: async () =>
      (await engine.api.createAlert({ symbol: 'AAPL', kind: 'above', threshold: 900, repeat: false })).id,
  };

  it.each(Object.keys(CASES))('%s', async (key) => {
    const [method, path] = key.split(' ') as [string, string];
    const op = doc.paths[path]?.[method.toLowerCase()];
    expect(op, `${key} is documented`).toBeDefined();
    const make = CASES[key];
    if (!make || !op) return;
    const { valid, invalid } = await make(ctx);
    expect(valid.length, 'at least one valid request').toBeGreaterThan(0);
    expect(invalid.length, 'at least one invalid request').toBeGreaterThan(0);
    for (const req of valid) expect(req.expect, 'valid requests succeed').toBeLessThan(300);
    for (const req of invalid) expect(req.expect, 'invalid requests fail').toBeGreaterThanOrEqual(400);

    // The same rules for every route: no token is 401, a read token on an admin route is 403.
    const first = valid[0];
    const generic: Req[] = [];
    if (first && op.security === undefined) {
      generic.push({ ...first, who: 'none', expect: 401 });
      generic.push({ ...first, who: { token: adminToken.toUpperCase() }, expect: 401 });
      if (op['x-scope'] === 'admin') generic.push({ ...first, who: 'read', expect: 403 });
    }

    for (const req of [...valid, ...invalid, ...generic]) {
      const before = method === 'GET' ? userState() : '';
      const res = await send(req);
      const label = `${req.method ?? 'GET'} ${req.path} (${JSON.stringify(req.who ?? 'admin')})`;
      expect(res.status, `${label}: ${res.body.slice(0, 300)}`).toBe(req.expect);
      expect(checker.check(method, path, res), label).toEqual([]);
      if (res.status >= 400) {
        expect(res.headers['access-control-allow-origin'], label).toBeUndefined();
      }
      if (res.status === 429 || res.status === 503) expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      if (method === 'GET') expect(userState(), `${label} changed state`).toBe(before);
      // Writes of CSV forms: the header row is the documented columns.
      const name = op.operationId as EndpointName | undefined;
      const ep = name ? (endpoints as Record<string, { csv?: string }>)[name] : undefined;
      if (res.status === 200 && ep?.csv && (res.headers['content-type'] ?? '').startsWith('text/csv')) {
        const header = res.body.split('\r\n')[0]?.split(',') ?? [];
        const json = await send({
          ...req,
          headers: { accept: 'application/json' },
          path: req.path.replace(/format=csv&?/, ''),
        });
        const parsed = JSON.parse(json.body) as unknown;
        const list = ep.csv === '.' ? parsed : (parsed as Record<string, unknown>)[ep.csv];
        expect(Array.isArray(list)).toBe(true);
        const rows = list as Record<string, unknown>[];
        if (rows[0]) expect(header).toEqual(Object.keys(rows[0]));
        expect(res.body.trimEnd().split('\r\n').length - 1).toBe(rows.length);
      }
      // A rotated admin token replaces the old one at once.
      if (key === 'POST /api/v1/settings/api/admin-token/rotate' && res.status === 200) {
        const old = adminToken;
        adminToken = (JSON.parse(res.body) as { token: string }).token;
        const stale = await send({ path: '/api/v1/settings/api', who: { token: old }, expect: 401 });
        expect(stale.status).toBe(401);
      }
    }
  });

  it('answers 405 with Allow for a known path with another method, 404 for unknown paths', async () => {
    const put = await send({ path: '/api/v1/tickers/AAPL/live', method: 'PUT', body: {}, expect: 405 });
    expect(put.status).toBe(405);
    expect(put.headers.allow).toMatch(/GET/);
    expect(JSON.parse(put.body)).toMatchObject({ error: { code: 'method_not_allowed' } });
    const none = await send({ path: '/api/v1/nothing/here', expect: 404 });
    expect(none.status).toBe(404);
    expect(JSON.parse(none.body)).toMatchObject({ error: { code: 'not_found' } });
  });
});
