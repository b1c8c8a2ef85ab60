// Picks the transport: the preload bridge in Electron, HTTP + SSE in a browser.
import { BRIDGE_KEY, type MarketApi, type QuotedeskBridge } from '../../../shared/contract';
import { createHttpApi } from './http-transport';
import { createIpcApi } from './ipc-transport';

export function createMarketApi(): MarketApi {
  const bridge = (window as unknown as Record<string, QuotedeskBridge | undefined>)[BRIDGE_KEY];
  return bridge ? createIpcApi(bridge) : createHttpApi();
}
