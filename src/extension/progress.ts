/**
 * Turns the phases of a long job into one real percentage for `vscode.window.withProgress`, which takes
 * increments. vscode-free, so it is unit tested.
 */

export interface ProgressSink {
  report(value: { increment?: number; message?: string }): void;
}

export interface Phase {
  /** This phase's share of the whole, in (0, 1]. The shares of all phases add up to 1. */
  share: number;
}

export class PhasedProgress {
  private reported = 0;
  private base = 0;
  private current: Phase | undefined;
  private lastMessage: string | undefined;

  constructor(private readonly sink: ProgressSink) {}

  /** Start a phase: the previous one counts as complete. */
  begin(phase: Phase, message?: string): void {
    if (this.current) this.base += this.current.share;
    this.current = phase;
    this.emit(this.base, message);
  }

  /** Progress within the current phase, `done` of `total`. */
  update(done: number, total: number, message?: string): void {
    const share = this.current?.share ?? 1;
    const fraction = total > 0 ? Math.min(1, Math.max(0, done / total)) : 1;
    this.emit(this.base + share * fraction, message);
  }

  /** Percent reported so far (0..100). */
  get percent(): number {
    return this.reported;
  }

  private emit(fraction: number, message: string | undefined): void {
    // The epsilon keeps 0.3 + 0.35 (= 0.6499…) at 65%.
    const pct = Math.min(100, Math.floor(fraction * 100 + 1e-9));
    const increment = pct - this.reported;
    const messageChanged = message !== undefined && message !== this.lastMessage;
    if (increment <= 0 && !messageChanged) return;
    const value: { increment?: number; message?: string } = {};
    if (increment > 0) {
      value.increment = increment;
      this.reported = pct;
    }
    if (message !== undefined) {
      value.message = message;
      this.lastMessage = message;
    }
    this.sink.report(value);
  }
}
