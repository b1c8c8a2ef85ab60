import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  desktopCallNames,
  desktopChannel,
  endpointNames,
  ipcChannel,
  type DesktopHandlers,
  type Handlers,
} from '../../shared/contract';
import type { Envelope } from '../../shared/errors';
import { ApiError } from '../../shared/errors';
import { createRecordingLogger } from '../engine/logger';
import { contractCallSet, desktopCallSet, registerIpcHandlers, type IpcInvokeEventLike, type IpcMainLike } from './ipc';

type Listener = (event: IpcInvokeEventLike, ...args: unknown[]) => Promise<unknown>;

function fakeIpcMain() {
  const handlers = new Map<string, Listener>();
  const ipc: IpcMainLike = {
    handle: (channel, listener) => {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, listener);
    },
    removeHandler: (channel) => handlers.delete(channel),
  };
  const invoke = async (name: string, event: IpcInvokeEventLike, ...args: unknown[]) => {
    const h = handlers.get(name.startsWith('qd:') ? name : ipcChannel(name));
    if (!h) throw new Error(`no handler ${name}`);
    return (await h(event, ...args)) as Envelope<unknown>;
  };
  return { ipc, handlers, invoke };
}

const APP_URL = 'file:///app/out/renderer/index.html';
const appFrame = { senderFrame: { url: APP_URL, parent: null } };
const seen: unknown[] = [];
const desktopSeen: unknown[] = [];
const desktopHandlers = new Proxy({} as DesktopHandlers, {
  get: (_t, name: string) => (input: unknown) => {
    desktopSeen.push({ name, input });
    return null;
  },
});
const handlers = new Proxy({} as Handlers, {
  get: (_t, name: string) => (input: unknown) => {
    seen.push({ name, input });
    if (name === 'getWatchlist') throw new ApiError('not_found', 'there is no watchlist 9');
    if (name === 'listWatchlists') throw new Error('disk on fire');
    return { echoed: input };
  },
});

describe('IPC wrapper', () => {
  const logger = createRecordingLogger();
  const { ipc, handlers: registered, invoke } = fakeIpcMain();
  const unregister = registerIpcHandlers(
    ipc,
    [contractCallSet(handlers), desktopCallSet(desktopHandlers)],
    (url) => url === APP_URL,
    logger,
  );

  it('registers one channel per contract entry and per desktop call, on separate prefixes', () => {
    for (const name of endpointNames) expect(registered.has(ipcChannel(name)), name).toBe(true);
    for (const name of desktopCallNames) expect(registered.has(desktopChannel(name)), name).toBe(true);
    expect(registered.size).toBe(endpointNames.length + desktopCallNames.length);
  });

  it('puts desktop calls through the same checks', async () => {
    const ok = await invoke(desktopChannel('openDesktopFolder'), appFrame, { folder: 'logs' });
    expect(ok).toEqual({ ok: true, value: null });
    const bad = await invoke(desktopChannel('openDesktopFolder'), appFrame, { folder: '/etc' });
    const unknownKey = await invoke(desktopChannel('updateDesktopSettings'), appFrame, { devTools: true });
    const foreign = await invoke(
      desktopChannel('getDesktopInfo'),
      { senderFrame: { url: 'https://evil.example/', parent: null } },
      {},
    );
    expect([bad, unknownKey, foreign].map((r) => (r.ok ? 'ok' : r.error.code))).toEqual([
      'bad_request',
      'bad_request',
      'forbidden',
    ]);
    expect(desktopSeen).toEqual([{ name: 'openDesktopFolder', input: { folder: 'logs' } }]);
  });

  it('refuses to bind a call set that lacks a handler', () => {
    const { ipc: other } = fakeIpcMain();
    expect(() =>
      registerIpcHandlers(
        other,
        [{ channel: desktopChannel, calls: { getDesktopInfo: { input: z.object({}) } }, handlers: {} }],
        () => true,
        logger,
      ),
    ).toThrow(/no handler for the call getDesktopInfo/);
  });

  it('passes validated, normalised input to the handler and wraps the reply', async () => {
    const reply = await invoke('getQuote', appFrame, { symbol: 'aapl' });
    expect(reply).toEqual({ ok: true, value: { echoed: { symbol: 'AAPL' } } });
  });

  it('rejects arguments that do not match the contract without calling the handler', async () => {
    seen.length = 0;
    for (const bad of [{ symbol: 'not a symbol!' }, { symbol: 42 }, 'AAPL', null]) {
      const reply = await invoke('getQuote', appFrame, bad);
      expect(reply.ok).toBe(false);
      if (!reply.ok) expect(reply.error.code).toBe('bad_request');
    }
    const extra = await invoke('getQuote', appFrame, { symbol: 'AAPL' }, 'second arg');
    expect(extra.ok).toBe(false);
    expect(seen).toEqual([]);
  });

  it('rejects calls from foreign URLs, sub-frames and destroyed frames', async () => {
    seen.length = 0;
    const foreign = await invoke(
      'getQuote',
      { senderFrame: { url: 'https://evil.example/', parent: null } },
      { symbol: 'AAPL' },
    );
    const subframe = await invoke('getQuote', { senderFrame: { url: APP_URL, parent: {} } }, { symbol: 'AAPL' });
    const gone = await invoke('getQuote', { senderFrame: null }, { symbol: 'AAPL' });
    for (const r of [foreign, subframe, gone]) {
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('forbidden');
    }
    expect(seen).toEqual([]);
    expect(logger.records.some((r) => r.level === 'warn' && r.msg.includes('untrusted'))).toBe(true);
  });

  it('turns ApiErrors into error envelopes and hides internal errors', async () => {
    const notFound = await invoke('getWatchlist', appFrame, { id: 9 });
    expect(notFound).toEqual({ ok: false, error: { code: 'not_found', message: 'there is no watchlist 9' } });
    const internal = await invoke('listWatchlists', appFrame, {});
    expect(internal.ok).toBe(false);
    if (!internal.ok) {
      expect(internal.error.code).toBe('internal');
      expect(internal.error.message).not.toContain('disk on fire');
    }
  });

  it('unregisters every channel', () => {
    unregister();
    expect(registered.size).toBe(0);
  });
});
