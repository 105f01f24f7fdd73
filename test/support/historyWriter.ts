// A process that appends records to a history, as a CLI command would:
// `historyWriter.ts CONFIG_DIR ID_PREFIX COUNT MAX_BYTES KEEP_BYTES`. Ids are
// ID_PREFIX and the record's number, in hex; prints "done" at the end.
import { HistoryLog } from '../../electron/host/history/historyLog.js';
import { historyRecord } from './historyRecord.js';

const [configDir, prefix, count, maxBytes, keepBytes] = process.argv.slice(2);
const log = new HistoryLog(configDir!, { maxBytes: Number(maxBytes), keepBytes: Number(keepBytes) });
for (let i = 0; i < Number(count); i++) await log.append(historyRecord(`${prefix}${i.toString(16).padStart(8, '0')}`));
process.stdout.write('done\n');
