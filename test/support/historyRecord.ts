// A made-up history record, for the tests of the history store.
import type { HistoryBatch } from '../../shared/history.js';

export function historyRecord(id: string, patch: Partial<HistoryBatch> = {}): HistoryBatch {
  return {
    id,
    direction: 'send',
    peer: 'tcp://192.168.1.20:5670',
    files: 2,
    done: 2,
    failed: 0,
    cancelled: 0,
    bytes: 1234,
    outcome: 'done',
    startedAt: '2025-05-01T10:00:00.000Z',
    endedAt: '2025-05-01T10:00:05.000Z',
    folder: '/home/me/Photos',
    names: ['a.jpg', 'b.jpg'],
    ...patch,
  };
}
