// The sandboxed preload: exposes the contract's calls and events on window.quotedesk and the
// shell-only desktop calls on window.quotedeskDesktop, each as plain functions; nothing else.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import {
  BRIDGE_KEY,
  DESKTOP_BRIDGE_KEY,
  DESKTOP_COMMAND_CHANNEL,
  desktopCallNames,
  desktopChannel,
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

const desktop: Record<string, unknown> = {};
for (const name of desktopCallNames) {
  desktop[name] = (input: unknown) => ipcRenderer.invoke(desktopChannel(name), input);
}
desktop.onCommand = (listener: (command: unknown) => void) => {
  const wrapped = (_e: IpcRendererEvent, command: unknown) => listener(command);
  ipcRenderer.on(DESKTOP_COMMAND_CHANNEL, wrapped);
  return () => {
    ipcRenderer.removeListener(DESKTOP_COMMAND_CHANNEL, wrapped);
  };
};

contextBridge.exposeInMainWorld(BRIDGE_KEY, bridge);
contextBridge.exposeInMainWorld(DESKTOP_BRIDGE_KEY, desktop);
