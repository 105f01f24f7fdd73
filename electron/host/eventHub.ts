// Fans host events out to every connected UI (Electron windows, browser tabs).
export class EventHub<Map extends object> {
  private readonly listeners = new Set<<E extends keyof Map>(event: E, payload: Map[E]) => void>();

  /** Hears every event; returns its own unsubscribe. */
  listen(listener: <E extends keyof Map>(event: E, payload: Map[E]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit<E extends keyof Map>(event: E, payload: Map[E]): void {
    for (const listener of this.listeners) {
      try {
        listener(event, payload);
      } catch (error) {
        // One broken connection must not keep the others from hearing.
        console.error(`zerodrop: an event listener failed: ${String(error)}`);
      }
    }
  }
}
