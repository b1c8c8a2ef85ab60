// The sandboxed preload: exposes the contract's calls and events on window.quotedesk, nothing else.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import {
  BRIDGE_KEY,
  endpointNames,
  eventNames,
  ipcChannel,
  ipcEventChannel,
  type EventName,
} from '../../shared/contract';

const bridge: Record<string, unknown> = {};
for (const name of endpointNames) {
  bridge[name] = (input: unknown) => ipcRenderer.invoke(ipcChannel(name), input);
}
bridge.on = (event: EventName, listener: (data: unknown) => void) => {
  if (!eventNames.includes(event)) throw new Error(`unknown event ${String(event)}`);
  const channel = ipcEventChannel(event);
  const wrapped = (_e: IpcRendererEvent, data: unknown) => listener(data);
  ipcRenderer.on(channel, wrapped);
  return () => {
    ipcRenderer.removeListener(channel, wrapped);
  };
};

contextBridge.exposeInMainWorld(BRIDGE_KEY, bridge);
