// Why a batch's files failed, said once for the batch: a receiver that could
// not be reached is one message, not the same long error on each of 5,000
// files. Each reason gives how many files it took and one file's details.
import { safeText } from '../../shared/safeText.js';
import type { FileProgress } from '../../shared/transfer.js';
import { useAppContext } from '../context.js';
import type { FailureCode } from '../store/batchModel.js';
import type { BatchEntry } from '../store/files.js';
import { countOf } from '../../shared/format.js';
import { endedHere } from '../store/endings.js';
import { detailLabel, explainError } from '../text/errors.js';

/** Reasons shown; more are summed up in one line. */
const MAX_REASONS = 3;

export function BatchFailures({ batch }: { batch: BatchEntry }) {
  const { store } = useAppContext();
  const reasons = (Object.entries(batch.totals.failures) as Array<[FailureCode, number]>).sort((a, b) => b[1] - a[1]);
  if (reasons.length === 0) return null;
  const files = store.getState().files;
  const exampleOf = (code: FailureCode): FileProgress | undefined => {
    for (const id of batch.ids) {
      const file = files.get(id)?.file;
      // An example the reasons count: a file ended here (the receiver stopping, say) is not one.
      if (file?.status === 'failed' && file.error?.code === code && !endedHere(file.error, batch.direction)) return file;
    }
    return undefined;
  };
  const shown = reasons.slice(0, MAX_REASONS).flatMap(([code, count]) => {
    const example = exampleOf(code);
    return example?.error ? [{ code, count, example, error: example.error }] : [];
  });
  if (shown.length === 0) return null;
  const more = reasons.slice(MAX_REASONS).reduce((sum, [, count]) => sum + count, 0);
  const all = batch.totals.failed === batch.totals.files;
  return (
    <div className="file-error batch-failures" role="alert">
      {shown.map(({ code, count, example, error }) => (
        <p key={code}>
          {all && shown.length === 1 ? '' : `${countOf(count, 'file')}: `}
          {explainError(error, batch.direction)}{' '}
          <span className="file-error-detail">
            {detailLabel(error, batch.direction)}
            {count > 1 ? ` (${safeText(example.name)})` : ''}: {safeText(error.text)}
          </span>
        </p>
      ))}
      {more > 0 && <p>{countOf(more, 'more file')} failed for other reasons.</p>}
    </div>
  );
}
