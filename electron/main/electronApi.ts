// The part of Electron's main-process API this app uses, in Electron's own
// types. main.ts hands in the real module (the compiler checks it fits);
// tests hand in a fake, so the whole Electron layer runs without Electron.
// Event methods are declared for the events the app listens to: Electron's
// return the whole object (`this`), which a fake cannot be.
import type {
  App,
  BrowserWindow,
  BrowserWindowConstructorOptions,
  Dialog,
  Event as ElectronEvent,
  IpcMain,
  Menu,
  nativeImage,
  NativeImage,
  NativeTheme,
  Notification,
  NotificationConstructorOptions,
  Session,
  Shell,
  Tray,
  WebContents,
} from 'electron';

export interface WebContentsApi extends Pick<WebContents, 'send' | 'setWindowOpenHandler' | 'executeJavaScript'> {
  on(event: 'will-navigate' | 'will-redirect' | 'will-attach-webview', listener: (event: ElectronEvent) => void): unknown;
  once(event: 'did-finish-load', listener: () => void): unknown;
}

export interface WindowApi extends Pick<BrowserWindow, 'show' | 'focus' | 'restore' | 'isMinimized' | 'isFocused' | 'isDestroyed' | 'loadURL'> {
  readonly webContents: WebContentsApi;
  once(event: 'ready-to-show' | 'closed', listener: () => void): unknown;
}

export interface AppApi extends Pick<App, 'whenReady' | 'quit' | 'exit' | 'getPath' | 'setPath' | 'requestSingleInstanceLock' | 'setAppUserModelId'> {
  on(event: 'web-contents-created', listener: (event: ElectronEvent, contents: WebContentsApi) => void): unknown;
  on(event: 'second-instance', listener: (event: ElectronEvent, argv: string[], workingDirectory: string, additionalData: unknown) => void): unknown;
  on(event: 'before-quit', listener: (event: ElectronEvent) => void): unknown;
  on(event: 'window-all-closed' | 'will-quit', listener: () => void): unknown;
  /** macOS: a file opened with the app (Finder's Open With, a drop on its dock icon). */
  on(event: 'open-file', listener: (event: ElectronEvent, path: string) => void): unknown;
  /** macOS: the dock icon was clicked. */
  on(event: 'activate', listener: () => void): unknown;
}

export interface TrayApi extends Pick<Tray, 'setToolTip' | 'setContextMenu' | 'destroy'> {
  on(event: 'click', listener: () => void): unknown;
}

export interface NotificationApi extends Pick<Notification, 'show'> {
  on(event: 'click', listener: () => void): unknown;
}

export interface ElectronApi {
  app: AppApi;
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => WindowApi;
  ipcMain: Pick<IpcMain, 'handle'>;
  dialog: Pick<Dialog, 'showOpenDialog'>;
  shell: Pick<Shell, 'openPath' | 'showItemInFolder'>;
  session: { readonly defaultSession: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'> };
  nativeTheme: Pick<NativeTheme, 'shouldUseDarkColors'>;
  nativeImage: Pick<typeof nativeImage, 'createFromPath'>;
  Tray: new (image: NativeImage) => TrayApi;
  Menu: Pick<typeof Menu, 'buildFromTemplate'>;
  Notification: { new (options: NotificationConstructorOptions): NotificationApi; isSupported(): boolean };
}
