// The raw ZMTP client of zmtpSocket.ts for tests: whatever a test file leaves
// open is closed when it ends.
import { after } from 'node:test';
import { destroyAllZmtpClients } from './zmtpSocket.js';

after(destroyAllZmtpClients);

export { ZmtpClient, type ZmtpClientOptions } from './zmtpSocket.js';
