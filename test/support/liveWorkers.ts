// Worker threads alive in this process. async_hooks names a worker's
// resource WORKER and destroys it once its thread has ended; import this
// module before any worker starts.
import { createHook } from 'node:async_hooks';

const live = new Set<number>();
createHook({
  init: (id, type) => void (type === 'WORKER' && live.add(id)),
  destroy: (id) => void live.delete(id),
}).enable();

export function liveWorkers(): number {
  return live.size;
}
