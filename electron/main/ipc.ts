// Binds the contract to ipcMain through one wrapper that checks the sender and the arguments.
import { endpoints, ipcChannel, type EndpointName, type Handlers } from '../../shared/contract';
import { ApiError, describeZodError, toErrorBody, type Envelope } from '../../shared/errors';
import type { Logger } from '../engine/logger';

/** The parts of Electron's IpcMainInvokeEvent the wrapper reads. */
export type IpcInvokeEventLike = {
  senderFrame: { url: string; parent: unknown } | null;
};

/** The parts of Electron's ipcMain the wrapper uses (a fake in tests). */
export type IpcMainLike = {
  handle(channel: string, listener: (event: IpcInvokeEventLike, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
};

/**
 * Registers one handler per contract entry. A call is answered only when it comes from the app's
 * own top frame and its argument parses against the contract; replies are envelopes.
 */
export function registerIpcHandlers(
  ipcMain: IpcMainLike,
  handlers: Handlers,
  isTrustedUrl: (url: string) => boolean,
  logger: Logger,
): () => void {
  const names = Object.keys(endpoints) as EndpointName[];
  for (const name of names) {
    const ep = endpoints[name];
    ipcMain.handle(ipcChannel(name), async (event, ...args): Promise<Envelope<unknown>> => {
      const frame = event.senderFrame;
      if (!frame || frame.parent !== null || !isTrustedUrl(frame.url)) {
        logger.warn({ channel: name, url: frame?.url }, 'ipc call from an untrusted frame refused');
        return {
          ok: false,
          error: new ApiError('forbidden', 'calls are accepted from the app window only').toBody().error,
        };
      }
      if (args.length > 1) {
        return { ok: false, error: new ApiError('bad_request', 'one argument expected').toBody().error };
      }
      const parsed = ep.input.safeParse(args[0] ?? {});
      if (!parsed.success) {
        return { ok: false, error: new ApiError('bad_request', describeZodError(parsed.error)).toBody().error };
      }
      try {
        const handler = handlers[name] as (input: unknown) => unknown;
        return { ok: true, value: await handler(parsed.data) };
      } catch (err) {
        if (!(err instanceof ApiError)) logger.error({ channel: name, err: String(err) }, 'ipc handler failed');
        return { ok: false, error: toErrorBody(err).error };
      }
    });
  }
  return () => {
    for (const name of names) ipcMain.removeHandler(ipcChannel(name));
  };
}
