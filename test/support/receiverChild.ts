// Runs one receiver until killed; prints where it listens as one JSON line.
import { Receiver } from '../../electron/engine/receiver/receiver.js';

const receiver = new Receiver({ dir: process.argv[2]!, bind: ['tcp://127.0.0.1:0'] });
await receiver.start();
process.stdout.write(`${JSON.stringify({ pid: process.pid, endpoint: receiver.boundEndpoints[0], dir: receiver.root })}\n`);
