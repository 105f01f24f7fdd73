// The tray icon that keeps the app within reach while it receives with its
// window closed (the opt-in "keep receiving in the tray"): a click or "Open"
// brings the window back, "Quit" ends the app.
import type { NativeImage } from 'electron';
import type { ReceiverStatus } from '../../shared/transfer.js';
import { appIconFile } from '../host/appFiles.js';
import { PRODUCT_NAME } from './appIdentity.js';
import type { ElectronApi, TrayApi } from './electronApi.js';

/**
 * macOS's menu bar shows a tray image at its own size, in points; Windows
 * and Linux scale it to their tray. The icon is 1024 pixels.
 */
const MAC_MENU_BAR_POINTS = 16;

export interface TrayActions {
  open(): void;
  quit(): void;
}

type TrayElectron = Pick<ElectronApi, 'Tray' | 'Menu' | 'nativeImage'>;

function trayImage({ nativeImage }: TrayElectron, platform: NodeJS.Platform): NativeImage {
  const image = nativeImage.createFromPath(appIconFile());
  return platform === 'darwin' ? image.resize({ width: MAC_MENU_BAR_POINTS, height: MAC_MENU_BAR_POINTS }) : image;
}

export class ReceivingTray {
  private tray: TrayApi | null = null;

  constructor(
    private readonly electron: TrayElectron,
    private readonly platform: NodeJS.Platform,
    private readonly actions: TrayActions,
  ) {}

  /** Shows the icon (once), its tooltip saying whether the app receives. */
  show(receiver: ReceiverStatus): void {
    if (!this.tray) {
      this.tray = new this.electron.Tray(trayImage(this.electron, this.platform));
      this.tray.setContextMenu(
        this.electron.Menu.buildFromTemplate([
          { label: `Open ${PRODUCT_NAME}`, click: () => this.actions.open() },
          { type: 'separator' },
          { label: `Quit ${PRODUCT_NAME}`, click: () => this.actions.quit() },
        ]),
      );
      // Windows and Linux open on a click; macOS shows the menu.
      this.tray.on('click', () => this.actions.open());
    }
    this.update(receiver);
  }

  /** Keeps the tooltip true while the icon shows. */
  update(receiver: ReceiverStatus): void {
    this.tray?.setToolTip(`${PRODUCT_NAME}: ${receiver.listening ? `receiving into ${receiver.dir}` : 'not receiving'}`);
  }

  hide(): void {
    this.tray?.destroy();
    this.tray = null;
  }
}
