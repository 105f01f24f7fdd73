// One batch: who it is with, how it stands, its numbers and one bar, what
// can be done with it, and its files as compact rows in a list that renders
// only what is on screen. Work in transit comes first in the list, so the
// file being moved stays in view while thousands of small ones finish.
import { memo, useCallback, useDeferredValue, useMemo, useState, type CSSProperties } from 'react';
import { useApp, useAppContext } from '../context.js';
import { batchPhase, batchPercent, inTransit, isLarge, nameFilter, orderRows, rowRank, topFolder } from '../store/batchModel.js';
import type { BatchEntry } from '../store/files.js';
import { countOf } from '../../shared/format.js';
import { batchLine, batchTitle, phaseWord, retryWords } from '../text/batches.js';
import { BatchFailures } from './BatchFailures.js';
import { FileRow, openRowPx, ROW_PX } from './FileRow.js';
import { ProgressBar } from './ProgressBar.js';
import { VirtualList } from './VirtualList.js';

/** A batch with more files than this gets a filter box. */
const FILTER_FROM_FILES = 5;

export const BatchCard = memo(function BatchCard({ batchKey }: { batchKey: string }) {
  const batch = useApp((state) => state.batches.get(batchKey));
  if (!batch) return null;
  return <Card batch={batch} />;
});

function Card({ batch }: { batch: BatchEntry }) {
  const { store } = useAppContext();
  const [typed, setTyped] = useState('');
  // Filtering 100,000 names waits for a pause in typing, not each key.
  const filter = useDeferredValue(typed);
  const [selected, setSelected] = useState<string | null>(null);
  const { direction, totals } = batch;
  const phase = batchPhase(totals, direction);
  const title = batchTitle(direction, batch.peer);
  const titleId = `batch-${batch.key}`;

  const { rows, open } = useMemo(() => {
    const files = store.getState().files;
    const fileOf = (id: string) => files.get(id)?.file;
    const ordered = orderRows(batch.ids, fileOf, nameFilter(filter));
    // Open: large files in transit (their chunk maps say something) and the
    // file a person looks at. Files in transit lead the rows, so the walk
    // stops at the first that is not; 100,000 rows are not walked twice.
    const opened = new Map<number, number>();
    for (let index = 0; index < ordered.length; index++) {
      const file = fileOf(ordered[index]!)!;
      if (rowRank(file) !== 0) break;
      if (isLarge(file)) opened.set(index, openRowPx(file));
    }
    const chosen = selected === null ? -1 : ordered.indexOf(selected);
    if (chosen >= 0) opened.set(chosen, openRowPx(fileOf(selected!)!));
    return { rows: ordered, open: opened };
  }, [batch, filter, selected, store]);

  const toggle = useCallback((id: string) => setSelected((old) => (old === id ? null : id)), []);
  const renderRow = (index: number, style: CSSProperties) => (
    <FileRow key={rows[index]} id={rows[index]!} open={open.has(index)} onToggle={toggle} style={style} position={index + 1} count={rows.length} />
  );

  const percent = batchPercent(totals, phase);
  const line = batchLine(direction, totals, batch.rate, batch.updatedAt - batch.startedAt);
  return (
    <article className={`batch batch-${phase}`} aria-labelledby={titleId}>
      <div className="batch-head">
        <h3 id={titleId} className="batch-title">
          {title}
        </h3>
        <span className="batch-phase">{phaseWord(direction, phase)}</span>
        <BatchActions batch={batch} />
      </div>
      <ProgressBar label={`${title} progress`} percent={percent} valueText={line} tone={phase === 'done' ? 'done' : phase === 'moving' || phase === 'connecting' ? 'active' : 'failed'} />
      <p className="batch-line" aria-label={`${title} totals`}>
        {line}
      </p>
      <BatchFailures batch={batch} />
      {batch.ids.length > FILTER_FROM_FILES && (
        <input type="search" className="batch-filter" aria-label="Filter files" placeholder={`Filter ${countOf(batch.ids.length, 'file')} by name`} value={typed} onChange={(event) => setTyped(event.target.value)} />
      )}
      {rows.length === 0 ? (
        <p className="empty">No file name matches “{filter}”.</p>
      ) : (
        <VirtualList label={`Files ${direction === 'send' ? 'sent' : 'received'}, ${title.toLowerCase()}`} count={rows.length} heightOf={(index) => open.get(index) ?? ROW_PX} layout={open} renderRow={renderRow} className="batch-files" />
      )}
    </article>
  );
}

function BatchActions({ batch }: { batch: BatchEntry }) {
  const { commands, store } = useAppContext();
  const { direction, totals } = batch;
  const first = store.getState().files.get(batch.ids[0]!)?.file;
  const folder = first ? topFolder(first) : null;
  // "Retry failed" is about what went wrong: a file the person cancelled stays cancelled (its own row retries it).
  const retryable = totals.failed;
  const single = batch.ids.length === 1 && first?.status === 'done' && first.path ? first.path : null;
  return (
    <span className="batch-actions">
      {inTransit(totals) && (
        <button type="button" className="small" onClick={() => void (direction === 'send' ? commands.cancelBatch : commands.cancelReceivingBatch)(batch.batch)}>
          Cancel
        </button>
      )}
      {direction === 'send' && retryable > 0 && (
        <button type="button" className="small" onClick={() => void commands.retryBatch(batch.batch)}>
          {retryWords(retryable, first?.receiver, totals.failures)}
        </button>
      )}
      {single ? (
        <button type="button" className="small" onClick={() => void commands.revealPath(single)}>
          Show file
        </button>
      ) : (
        folder &&
        (direction === 'send' || totals.done > 0) && (
          <button type="button" className="small" onClick={() => void commands.openPath(folder)}>
            Open folder
          </button>
        )
      )}
    </span>
  );
}
