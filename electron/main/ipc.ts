// The one door to ipcMain.handle: every call checks its sender frame and parses its argument.
import type { z } from 'zod';
import {
  desktopCalls,
  desktopChannel,
  endpoints,
  ipcChannel,
  type DesktopHandlers,
  type Handlers,
} from '../../shared/contract';
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

/** One family of calls bound to IPC: the engine's contract, or the shell's desktop calls. */
export type CallSet = {
  channel: (name: string) => string;
  calls: Readonly<Record<string, { input: z.ZodType }>>;
  handlers: Readonly<Record<string, (input: never) => unknown>>;
};

export function contractCallSet(handlers: Handlers): CallSet {
  return { channel: ipcChannel, calls: endpoints, handlers };
}

export function desktopCallSet(handlers: DesktopHandlers): CallSet {
  return { channel: desktopChannel, calls: desktopCalls, handlers };
}

/** The frame may call only when it is the top frame of a page the app itself loaded. */
export function isTrustedSender(
  event: IpcInvokeEventLike,
  isTrustedUrl: (url: string) => boolean,
): event is IpcInvokeEventLike & { senderFrame: { url: string; parent: null } } {
  const frame = event.senderFrame;
  return frame !== null && frame.parent === null && isTrustedUrl(frame.url);
}

function refuse(code: 'forbidden' | 'bad_request', message: string): Envelope<never> {
  return { ok: false, error: new ApiError(code, message).toBody().error };
}

/**
 * Registers one handler per call of each set. A call is answered only when it comes from the
 * app's own top frame and its one argument parses against its schema; replies are envelopes, and
 * errors that are not ApiErrors are logged here and reach the window as a bare `internal`.
 */
export function registerIpcHandlers(
  ipcMain: IpcMainLike,
  sets: readonly CallSet[],
  isTrustedUrl: (url: string) => boolean,
  logger: Logger,
): () => void {
  const channels: string[] = [];
  for (const set of sets) {
    for (const [name, call] of Object.entries(set.calls)) {
      const handler = set.handlers[name] as ((input: unknown) => unknown) | undefined;
      if (!handler) throw new Error(`no handler for the call ${name}`);
      const channel = set.channel(name);
      ipcMain.handle(channel, async (event, ...args): Promise<Envelope<unknown>> => {
        if (!isTrustedSender(event, isTrustedUrl)) {
          logger.warn({ channel, url: event.senderFrame?.url }, 'ipc call from an untrusted frame refused');
          return refuse('forbidden', 'calls are accepted from the app window only');
        }
        if (args.length > 1) return refuse('bad_request', 'one argument expected');
        const parsed = call.input.safeParse(args[0] ?? {});
        if (!parsed.success) return refuse('bad_request', describeZodError(parsed.error));
        try {
          return { ok: true, value: await handler(parsed.data) };
        } catch (err) {
          if (!(err instanceof ApiError)) logger.error({ channel, err: String(err) }, 'ipc handler failed');
          return { ok: false, error: toErrorBody(err).error };
        }
      });
      channels.push(channel);
    }
  }
  return () => {
    for (const channel of channels) ipcMain.removeHandler(channel);
  };
}
