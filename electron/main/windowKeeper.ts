// The app's one window: opened when asked (at start, from the tray or the
// dock, by a second start), brought forward when it is already open.
import type { WindowApi } from './electronApi.js';

export class WindowKeeper {
  private window: WindowApi | null = null;
  private loaded: Promise<WindowApi> | null = null;

  /** `create` makes a window; `setUp` is run on each new one (events, guards). */
  constructor(
    private readonly create: () => WindowApi,
    private readonly setUp: (window: WindowApi) => void,
  ) {}

  current(): WindowApi | null {
    return this.window;
  }

  /** Whether the person is looking at the window now. */
  isFocused(): boolean {
    return this.window?.isFocused() ?? false;
  }

  /** Opens the window or brings it forward; resolves once its page has loaded (it can take events then). */
  open(): Promise<WindowApi> {
    if (this.window && this.loaded) {
      if (this.window.isMinimized()) this.window.restore();
      this.window.show();
      this.window.focus();
      return this.loaded;
    }
    const window = this.create();
    this.window = window;
    this.loaded = new Promise((resolve) => window.webContents.once('did-finish-load', () => resolve(window)));
    window.once('closed', () => {
      this.window = null;
      this.loaded = null;
    });
    this.setUp(window);
    return this.loaded;
  }
}
