// The shell-only calls (window, tray, login item, notifications), present only inside the Electron app.
import {
  DESKTOP_BRIDGE_KEY,
  desktopCommandSchema,
  type DesktopBridge,
  type DesktopCallName,
  type DesktopCalls,
  type DesktopCommand,
} from '../../../shared/contract';
import { ApiError, type Envelope } from '../../../shared/errors';
import type { z } from 'zod';

export function desktopBridge(): DesktopBridge | undefined {
  if (typeof window === 'undefined') return undefined;
  return (window as unknown as Record<string, DesktopBridge | undefined>)[DESKTOP_BRIDGE_KEY];
}

/** Calls a desktop-only function and unwraps its envelope; throws ApiError like the engine's calls. */
export async function callDesktop<K extends DesktopCallName>(
  bridge: DesktopBridge,
  name: K,
  input: z.input<DesktopCalls[K]['input']>,
): Promise<z.output<DesktopCalls[K]['output']>> {
  type Out = z.output<DesktopCalls[K]['output']>;
  const invoke = bridge[name] as unknown as (i: typeof input) => Promise<Envelope<Out>>;
  const reply = await invoke(input);
  if (reply.ok) return reply.value;
  throw ApiError.fromBody({ error: reply.error });
}

/** Commands from the native menu, the tray and notification clicks; malformed ones are ignored. */
export function onDesktopCommand(bridge: DesktopBridge, listener: (c: DesktopCommand) => void): () => void {
  return bridge.onCommand((raw) => {
    const parsed = desktopCommandSchema.safeParse(raw);
    if (parsed.success) listener(parsed.data);
  });
}
