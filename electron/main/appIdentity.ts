// How the app names itself to the system; electron-builder.yml says the
// same for the installers (a test holds the two together).

export const PRODUCT_NAME = 'ZeroDrop';

/**
 * electron-builder's appId. Windows shows a program's notifications only
 * under the id its installer gave the Start menu shortcut, which is this.
 */
export const APP_ID = 'org.zerodrop.desktop';
