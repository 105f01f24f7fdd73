// App-wide guards for every web contents: the app's one page may not
// navigate, open windows, embed webviews or ask for permissions.
import type { ElectronApi } from './electronApi.js';

export function guardWebContents({ app, session }: Pick<ElectronApi, 'app' | 'session'>): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    // Dropping a file outside the drop handling would otherwise navigate to it.
    contents.on('will-navigate', (event) => event.preventDefault());
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
  void app.whenReady().then(() => {
    session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
    session.defaultSession.setPermissionCheckHandler(() => false);
  });
}
