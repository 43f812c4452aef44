/**
 * One kind of request a widget waits for, of which only the latest counts: starting one aborts the one
 * before, so a slow answer never lands over a newer one.
 */
export class LatestRequest {
  #controller: AbortController | null = null;

  /** Aborts the request before, and returns the signal of the one starting. */
  start(): AbortSignal {
    this.#controller?.abort();
    this.#controller = new AbortController();
    return this.#controller.signal;
  }

  abort(): void {
    this.#controller?.abort();
    this.#controller = null;
  }

  /** Whether `signal` is the latest request's: no other has started, nor has this one been aborted. */
  isLatest(signal: AbortSignal): boolean {
    return this.#controller?.signal === signal;
  }
}
