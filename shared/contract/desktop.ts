// Shell-only calls and events: what only the Electron app has (window, tray, login item, OS keyring).
//
// These are NOT in `endpoints`: the headless server and the REST API never see them, and the
// engine's `Handlers` do not implement them. The Electron shell implements `DesktopHandlers`, binds
// them to IPC through the same validating wrapper as the engine's calls, and the preload exposes
// them on `window.quotedeskDesktop`. A renderer that finds no such object runs in a browser.
import { z } from 'zod';
import type { Envelope } from '../errors';
import { symbolSchema } from '../symbols';

const desktopSettingsFields = {
  /** Closing the window hides it; the engine (and the local API) keep running in the tray. */
  closeToTray: z.boolean(),
  /** The tray icon with a mini watchlist. Always shown while closeToTray is on. */
  showTray: z.boolean(),
  /** Open Quotedesk when the user logs in (straight into the tray when closeToTray is on). */
  startAtLogin: z.boolean(),
  /** Desktop notifications (price alerts and the like). */
  notifications: z.boolean(),
  /** The watchlist the tray shows; null = the first one. */
  trayWatchlistId: z.number().int().positive().nullable(),
};

export const desktopSettingsSchema = z.object(desktopSettingsFields);
export type DesktopSettings = z.infer<typeof desktopSettingsSchema>;

/** A change to some desktop settings; unknown keys are refused, absent keys are left alone. */
export const desktopSettingsPatchSchema = desktopSettingsSchema.partial().strict();
export type DesktopSettingsPatch = z.infer<typeof desktopSettingsPatchSchema>;

export const DEFAULT_DESKTOP_SETTINGS: DesktopSettings = {
  closeToTray: false,
  showTray: true,
  startAtLogin: false,
  notifications: true,
  trayWatchlistId: null,
};

export const keyProtectionSchema = z.object({
  /** os: a key the OS guards (Keychain, DPAPI, libsecret, KWallet); weak: Linux `basic_text`,
   *  a fixed key anyone can look up; none: nothing to encrypt with, keys live in memory only. */
  level: z.enum(['os', 'weak', 'none']),
  /** keychain, dpapi, gnome_libsecret, kwallet5, basic_text, unavailable… */
  backend: z.string(),
  /** What the settings screen shows, as is. */
  text: z.string(),
});
export type KeyProtection = z.infer<typeof keyProtectionSchema>;

export const desktopNoticeSchema = z.object({
  code: z.enum(['settings-reset', 'settings-not-saved', 'keys-unreadable', 'keys-weak', 'api-not-started']),
  message: z.string(),
});
export type DesktopNotice = z.infer<typeof desktopNoticeSchema>;

export const desktopInfoSchema = z.object({
  platform: z.string(),
  version: z.string(),
  dataDir: z.string(),
  logsDir: z.string(),
  keyProtection: keyProtectionSchema,
  /** Whether this OS lets the app register itself to start at login. */
  canStartAtLogin: z.boolean(),
  notificationsSupported: z.boolean(),
  /** Things that went wrong at start that the user should know about. */
  notices: z.array(desktopNoticeSchema),
});
export type DesktopInfo = z.infer<typeof desktopInfoSchema>;

export type DesktopCall<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> = {
  summary: string;
  input: I;
  output: O;
};

function desktopCall<I extends z.ZodType, O extends z.ZodType>(c: DesktopCall<I, O>): DesktopCall<I, O> {
  return c;
}

export const desktopCalls = {
  getDesktopSettings: desktopCall({
    summary: 'Window, tray, login and notification settings.',
    input: z.object({}),
    output: desktopSettingsSchema,
  }),
  updateDesktopSettings: desktopCall({
    summary: 'Change some desktop settings; answers all of them as saved and applied.',
    input: desktopSettingsPatchSchema,
    output: desktopSettingsSchema,
  }),
  getDesktopInfo: desktopCall({
    summary: 'Where data and logs live, how API keys are protected, and start-up notices.',
    input: z.object({}),
    output: desktopInfoSchema,
  }),
  openDesktopFolder: desktopCall({
    summary: "Opens the data or logs folder in the OS's file manager.",
    input: z.object({ folder: z.enum(['data', 'logs']) }),
    output: z.null(),
  }),
} satisfies Record<string, DesktopCall>;

export type DesktopCalls = typeof desktopCalls;
export type DesktopCallName = keyof DesktopCalls;
export const desktopCallNames = Object.keys(desktopCalls) as DesktopCallName[];

/** The shell's side: one function per desktop call; throws ApiError for answers that are errors. */
export type DesktopHandlers = {
  [K in DesktopCallName]: (
    input: z.output<DesktopCalls[K]['input']>,
  ) => z.output<DesktopCalls[K]['output']> | Promise<z.output<DesktopCalls[K]['output']>>;
};

/** What the shell asks the window to do: from the menu, the tray or a notification click. */
export const desktopCommandSchema = z.discriminatedUnion('command', [
  z.object({ command: z.literal('open-settings') }),
  z.object({ command: z.literal('focus-search') }),
  z.object({ command: z.literal('new-watchlist') }),
  z.object({ command: z.literal('refresh') }),
  z.object({ command: z.literal('show-symbol'), symbol: symbolSchema }),
]);
export type DesktopCommand = z.infer<typeof desktopCommandSchema>;

/**
 * Something the user should hear about even when the window is hidden (a price alert fired).
 * The engine emits it as the `notification` event; the desktop shell shows it as a system
 * notification (clicking it opens the symbol), the browser UI may show it in the page.
 */
export const notificationSchema = z.object({
  title: z.string().min(1).max(120),
  body: z.string().max(500),
  /** Clicking the notification opens this symbol. */
  symbol: z.string().optional(),
});
export type DesktopNotification = z.infer<typeof notificationSchema>;

export function desktopChannel(name: string): string {
  return `qd:desktop:${name}`;
}

export const DESKTOP_COMMAND_CHANNEL = 'qd:desktop-event:command';

/** What the preload puts on window.quotedeskDesktop (only inside the Electron app). */
export type DesktopBridge = {
  [K in DesktopCallName]: (
    input: z.input<DesktopCalls[K]['input']>,
  ) => Promise<Envelope<z.output<DesktopCalls[K]['output']>>>;
} & {
  onCommand(listener: (command: DesktopCommand) => void): () => void;
};

export const DESKTOP_BRIDGE_KEY = 'quotedeskDesktop';
