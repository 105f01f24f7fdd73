// How the app names itself to the system; electron-builder.yml says the
// same for the installers (a test holds the two together).

export const PRODUCT_NAME = 'ZeroDrop';
