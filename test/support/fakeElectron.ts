// A fake of the Electron main-process API the app uses (ElectronApi, in
// Electron's own types), recording what the app does with it and letting a
// test act as the system: load pages, send IPC calls from a frame, close
// windows, quit, start a second instance, click a tray or a notification.
import { EventEmitter } from 'node:events';
import vm from 'node:vm';
import type {
  BrowserWindowConstructorOptions,
  HandlerDetails,
  IpcMainInvokeEvent,
  Menu,
  MenuItemConstructorOptions,
  NativeImage,
  NotificationConstructorOptions,
  OpenDialogReturnValue,
  Session,
  WindowOpenHandlerResponse,
} from 'electron';
import type { AppApi, ElectronApi, NotificationApi, TrayApi, WebContentsApi, WindowApi } from '../../electron/main/electronApi.js';

/**
 * Some of Electron's calls return whole Electron objects (a Menu, a
 * NativeImage) of which the app only passes on what it got: the fake
 * returns the fields a test looks at.
 */
function stub<T>(fields: object): T {
  return fields as T;
}

type PermissionHandler = Parameters<Session['setPermissionRequestHandler']>[0];
type CheckHandler = Parameters<Session['setPermissionCheckHandler']>[0];

/** An Electron event that can be prevented, as the app's guards receive it. */
export function preventable(): { preventDefault(): void; prevented: boolean } {
  const event = { prevented: false, preventDefault: () => void (event.prevented = true) };
  return event;
}

class FakeWebContents extends EventEmitter implements WebContentsApi {
  readonly sent: unknown[][] = [];
  loaded = false;
  /** The page's `window`: what the preload exposed to it. */
  readonly pageGlobals: Record<string, unknown> = {};
  openHandler: ((details: HandlerDetails) => WindowOpenHandlerResponse) | null = null;

  send(channel: string, ...args: unknown[]): void {
    this.sent.push([channel, ...args]);
    this.emit('sent', channel, ...args);
  }

  setWindowOpenHandler(handler: (details: HandlerDetails) => WindowOpenHandlerResponse): void {
    this.openHandler = handler;
  }

  /** Runs `code` as the page would, against what the preload exposed. */
  async executeJavaScript(code: string): Promise<unknown> {
    return vm.runInNewContext(code, { window: this.pageGlobals });
  }
}

export type FakeWindow = InstanceType<ReturnType<typeof fakeWindowClass>>;

/** Runs the preload in a window's page, before the page counts as loaded. */
export type PreloadRunner = (window: FakeWindow) => Promise<unknown>;

function fakeWindowClass(app: FakeApp, runPreload: PreloadRunner) {
  return class FakeBrowserWindow extends EventEmitter implements WindowApi {
    static readonly all: FakeBrowserWindow[] = [];
    static getAllWindows(): FakeBrowserWindow[] {
      return FakeBrowserWindow.all.filter((window) => !window.destroyed);
    }

    readonly webContents = new FakeWebContents();
    url: string | null = null;
    visible = false;
    focused = false;
    destroyed = false;

    constructor(readonly options: BrowserWindowConstructorOptions) {
      super();
      FakeBrowserWindow.all.push(this);
      app.emit('web-contents-created', preventable(), this.webContents);
    }

    /** Loads at once: the preload runs, then the page has loaded. */
    async loadURL(url: string): Promise<void> {
      this.url = url;
      void runPreload(this).then(() => {
        this.webContents.loaded = true;
        this.webContents.emit('did-finish-load');
        this.emit('ready-to-show');
      });
    }

    show(): void {
      this.visible = true;
    }
    focus(): void {
      this.focused = true;
    }
    restore(): void {}
    isMinimized(): boolean {
      return false;
    }
    isFocused(): boolean {
      return this.focused && !this.destroyed;
    }
    isDestroyed(): boolean {
      return this.destroyed;
    }

    /** The person closes the window, as the system reports it. */
    close(): void {
      this.destroyed = true;
      this.emit('closed');
      if (!app.quitting && FakeBrowserWindow.getAllWindows().length === 0) app.emit('window-all-closed', preventable());
    }
  };
}

export class FakeApp extends EventEmitter implements AppApi {
  readonly paths = new Map<string, string>();
  /** Whether requestSingleInstanceLock wins: false plays a second start. */
  lockFree = true;
  /** What a start passed to requestSingleInstanceLock. */
  singleInstanceData: unknown = null;
  /** The userData folder when the single-instance lock was asked for. */
  lockedIn: string | null = null;
  userModelId: string | null = null;
  quitting = false;
  /** The code the process would end with, once it does. */
  exitCode: number | null = null;
  readonly ended: Promise<number>;
  private end!: (code: number) => void;

  constructor(userData: string) {
    super();
    this.paths.set('userData', userData);
    this.ended = new Promise((resolve) => (this.end = resolve));
  }

  async whenReady(): Promise<void> {}
  getPath(name: string): string {
    return this.paths.get(name) ?? `/fake/${name}`;
  }
  setPath(name: string, value: string): void {
    this.paths.set(name, value);
  }
  requestSingleInstanceLock(additionalData?: Record<string, unknown>): boolean {
    this.singleInstanceData = additionalData ?? null;
    // Electron's lock lives in the userData folder as it is at this moment.
    this.lockedIn = this.getPath('userData');
    return this.lockFree;
  }
  setAppUserModelId(id: string): void {
    this.userModelId = id;
  }

  /** As Electron: before-quit may be prevented; otherwise the windows close (no window-all-closed) and the app ends with 0. */
  quit(): void {
    const event = preventable();
    this.emit('before-quit', event);
    if (event.prevented) return;
    this.quitting = true;
    this.emit('close-windows');
    this.emit('will-quit', preventable());
    this.exit(0);
  }

  exit(code = 0): void {
    if (this.exitCode !== null) return;
    this.exitCode = code;
    this.end(code);
  }
}

export class FakeTray extends EventEmitter implements TrayApi {
  tooltip = '';
  menu: Array<MenuItemConstructorOptions> = [];
  destroyed = false;

  constructor(readonly image: NativeImage) {
    super();
  }
  setToolTip(toolTip: string): void {
    this.tooltip = toolTip;
  }
  setContextMenu(menu: Menu | null): void {
    this.menu = (menu as unknown as { items?: MenuItemConstructorOptions[] } | null)?.items ?? [];
  }
  destroy(): void {
    this.destroyed = true;
  }
  /** The person picks the menu item labelled `label`. */
  pick(label: string): void {
    const item = this.menu.find((entry) => entry.label === label);
    if (!item?.click) throw new Error(`no menu item ${label} in ${JSON.stringify(this.menu.map((entry) => entry.label))}`);
    (item.click as () => void)();
  }
}

export class FakeNotification extends EventEmitter implements NotificationApi {
  shown = false;
  constructor(readonly options: NotificationConstructorOptions) {
    super();
  }
  show(): void {
    this.shown = true;
  }
}

export function createFakeElectron(userData: string, runPreload: PreloadRunner = async () => undefined) {
  const app = new FakeApp(userData);
  const BrowserWindow = fakeWindowClass(app, runPreload);
  app.on('close-windows', () => BrowserWindow.getAllWindows().forEach((window) => window.close()));
  const handlers = new Map<string, (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown>();
  const dialogCalls: unknown[][] = [];
  const shellCalls: string[] = [];
  const trays: FakeTray[] = [];
  const notifications: FakeNotification[] = [];
  const permissions: { request: PermissionHandler; check: CheckHandler } = { request: null, check: null };
  let dialogAnswer: OpenDialogReturnValue = { canceled: true, filePaths: [] };

  const electron = {
    app,
    BrowserWindow,
    ipcMain: {
      handle: (channel: string, handler: (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown) => void handlers.set(channel, handler),
    },
    dialog: {
      showOpenDialog: async (...args: unknown[]) => (dialogCalls.push(args), dialogAnswer),
    },
    shell: {
      openPath: async (target: string) => (shellCalls.push(`open ${target}`), ''),
      showItemInFolder: (target: string) => void shellCalls.push(`reveal ${target}`),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (handler: PermissionHandler) => void (permissions.request = handler),
        setPermissionCheckHandler: (handler: CheckHandler) => void (permissions.check = handler),
      },
    },
    nativeTheme: { shouldUseDarkColors: false },
    nativeImage: {
      createFromPath: (path: string) => stub<NativeImage>({ path, resize: (size: object) => stub<NativeImage>({ path, size }) }),
    },
    Tray: class extends FakeTray {
      constructor(image: NativeImage) {
        super(image);
        trays.push(this);
      }
    },
    Menu: { buildFromTemplate: (items: MenuItemConstructorOptions[]) => stub<Menu>({ items }) },
    Notification: class extends FakeNotification {
      static isSupported(): boolean {
        return true;
      }
      constructor(options: NotificationConstructorOptions) {
        super(options);
        notifications.push(this);
      }
    },
  } satisfies ElectronApi;

  return {
    electron,
    app,
    windows: BrowserWindow.all,
    permissions,
    trays,
    notifications,
    dialogCalls,
    shellCalls,
    /** What the system pickers answer from now on. */
    answerDialogs(filePaths: string[]): void {
      dialogAnswer = { canceled: false, filePaths };
    },
    /** A call over IPC, as from `frame` of `window` (the app's page, an iframe, another page). */
    async invoke(channel: string, window: FakeWindow, frame: { url: string; parent: object | null }, ...args: unknown[]): Promise<unknown> {
      const handler = handlers.get(channel);
      if (!handler) throw new Error(`nothing handles ${channel}`);
      return handler(stub<IpcMainInvokeEvent>({ sender: window.webContents, senderFrame: frame }), ...args);
    },
  };
}

export type FakeElectron = ReturnType<typeof createFakeElectron>;
