/** Holds this thread for `ms`, as a long synchronous task would (a host slow over each file, a file call that stalls). */
export function busyWait(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}
