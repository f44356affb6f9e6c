/** Wall time of a run's phases, in seconds, in the order they ran. */
export type PhaseTimings = Record<string, number>;

/** Times the phases of a run, so a slow run says where its time went. */
export class PhaseTimer {
  readonly timings: PhaseTimings = {};
  private last = performance.now();

  /** Ends the current phase under `name` and starts the next. */
  lap(name: string): void {
    const now = performance.now();
    this.timings[name] = Math.round((now - this.last) / 10) / 100 + (this.timings[name] ?? 0);
    this.last = now;
  }
}
