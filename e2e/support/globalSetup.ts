// Builds the renderer once, so every spec serves the code as it is now.
import { build } from 'vite';

export default async function globalSetup(): Promise<void> {
  await build({ configFile: 'vite.config.ts', logLevel: 'warn' });
}
