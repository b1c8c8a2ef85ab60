// Picks the transport: the preload bridge in Electron, HTTP + SSE in a browser.
import { BRIDGE_KEY, type MarketApi, type QuotedeskBridge } from '../../../shared/contract';
import { createHttpApi } from './http-transport';
import { createIpcApi } from './ipc-transport';

function bridge(): QuotedeskBridge | undefined {
  return (window as unknown as Record<string, QuotedeskBridge | undefined>)[BRIDGE_KEY];
}

/** Inside the Electron window the shell shows desktop notifications itself; a browser asks the page to. */
export function isDesktopShell(): boolean {
  return bridge() !== undefined;
}

export function createMarketApi(): MarketApi {
  const b = bridge();
  return b ? createIpcApi(b) : createHttpApi();
}
