/**
 * Undo and redo for one curator's session. Undo never deletes journal lines: it returns a new line to
 * append that restores the sample's previous state (a `clear` line with no tags and no note when the
 * curator had not written about the sample before); redo returns the undone line again, freshly stamped.
 *
 * Usage: before appending a change, `record(state.latest(id, curator), line)`; for undo/redo, append the
 * returned line and apply it to the JournalState, but do not `record` it. The stacks move when `undo()` /
 * `redo()` is called: if appending the returned line fails, call `redo()` / `undo()` back and drop its line.
 */
import { journalLine, type JournalLine } from './schema';

interface Change {
  /** The curator's line for the sample before the change, or null when there was none. */
  before: JournalLine | null;
  after: JournalLine;
}

export class DecisionHistory {
  private readonly undoStack: Change[] = [];
  private readonly redoStack: Change[] = [];

  /** `limit`: how many changes can be undone (the oldest are forgotten beyond it). */
  constructor(
    readonly curator: string,
    readonly limit = 1000,
  ) {}

  /**
   * A new change by this curator: `after` is the line being appended, `before` the curator's latest line
   * for that sample until now (undefined: none). Clears the redo stack.
   */
  record(before: JournalLine | undefined, after: JournalLine): void {
    if (after.curator !== this.curator) throw new Error(`DecisionHistory of "${this.curator}" cannot record a line of "${after.curator}"`);
    if (before && (before.curator !== after.curator || before.sampleId !== after.sampleId)) {
      throw new Error(`DecisionHistory.record: the previous line is about ${before.sampleId}/${before.curator}, the change about ${after.sampleId}/${after.curator}`);
    }
    this.undoStack.push({ before: before ?? null, after });
    if (this.undoStack.length > this.limit) this.undoStack.splice(0, this.undoStack.length - this.limit);
    this.redoStack.length = 0;
  }

  get canUndo(): boolean {
    return this.undoStack.length > 0;
  }

  get canRedo(): boolean {
    return this.redoStack.length > 0;
  }

  /** The sample the next undo would change, if any (for a status message). */
  get nextUndoSample(): string | undefined {
    return this.undoStack.at(-1)?.after.sampleId;
  }

  get nextRedoSample(): string | undefined {
    return this.redoStack.at(-1)?.after.sampleId;
  }

  /** The line to append that undoes the last change, or undefined when there is nothing to undo. */
  undo(now: Date = new Date()): JournalLine | undefined {
    const change = this.undoStack.pop();
    if (!change) return undefined;
    this.redoStack.push(change);
    const { before, after } = change;
    if (before) return { ...before, ts: now.toISOString(), tags: [...before.tags] };
    const line = journalLine({ curator: after.curator, sampleId: after.sampleId, contentHash: after.contentHash, decision: 'clear' }, now);
    if (after.dataset !== undefined) line.dataset = after.dataset;
    return line;
  }

  /** The line to append that redoes the last undone change, or undefined when there is nothing to redo. */
  redo(now: Date = new Date()): JournalLine | undefined {
    const change = this.redoStack.pop();
    if (!change) return undefined;
    this.undoStack.push(change);
    return { ...change.after, ts: now.toISOString(), tags: [...change.after.tags] };
  }

  /** Forget everything (e.g. when the dataset is closed or the curator changes). */
  clear(): void {
    this.undoStack.length = 0;
    this.redoStack.length = 0;
  }
}
