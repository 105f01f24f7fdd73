// Whether an IPC message comes from the app's own page: the top frame of
// the app's window, showing the app's index.html, and nothing else (an
// iframe, a page navigated elsewhere, another window).
export interface SenderFrame {
  url: string;
  /** null for a window's top frame. */
  parent: object | null;
}

export function isAppPage(frame: SenderFrame | null | undefined, appUrl: string): boolean {
  if (!frame || frame.parent !== null) return false;
  try {
    const url = new URL(frame.url);
    const app = new URL(appUrl);
    // The page may carry a #fragment or ?query; its location must be the app's.
    return url.protocol === app.protocol && url.host === app.host && url.pathname === app.pathname;
  } catch {
    return false;
  }
}
