/**
 * The in-memory view of a journal: the latest line per (sample, curator).
 *
 * "Latest" is the last line in FILE ORDER, never the greatest `ts`: curators' clocks differ (two machines,
 * a wrong time zone, a clock set back), while the file order is the order the appends landed. A line
 * applied later always wins, whatever its timestamp says.
 */
import type { Decision, JournalLine } from './schema';

export interface DecisionCounts {
  accept: number;
  reject: number;
  flag: number;
  /**
   * Samples without a decision: with `totalSamples`, every sample not accepted, rejected or flagged;
   * without, the samples whose latest line is `clear`.
   */
  undecided: number;
}

export class JournalState {
  /** sampleId -> curator -> latest line. */
  private readonly bySample = new Map<string, Map<string, JournalLine>>();
  /** curator -> sampleId -> latest line. */
  private readonly byCurator = new Map<string, Map<string, JournalLine>>();
  private applied = 0;

  static from(lines: Iterable<JournalLine>): JournalState {
    const state = new JournalState();
    for (const line of lines) state.apply(line);
    return state;
  }

  /** Take a line in (the next one in file order): it becomes the latest for its sample and curator. */
  apply(line: JournalLine): void {
    let curators = this.bySample.get(line.sampleId);
    if (!curators) this.bySample.set(line.sampleId, (curators = new Map<string, JournalLine>()));
    curators.set(line.curator, line);
    let samples = this.byCurator.get(line.curator);
    if (!samples) this.byCurator.set(line.curator, (samples = new Map<string, JournalLine>()));
    samples.set(line.sampleId, line);
    this.applied++;
  }

  /** The number of lines applied. */
  get lineCount(): number {
    return this.applied;
  }

  latest(sampleId: string, curator: string): JournalLine | undefined {
    return this.bySample.get(sampleId)?.get(curator);
  }

  /** The latest line of every curator who wrote about the sample (curator -> line, in order of first line). */
  forSample(sampleId: string): ReadonlyMap<string, JournalLine> {
    return this.bySample.get(sampleId) ?? EMPTY;
  }

  /** The latest line of every sample the curator wrote about (sampleId -> line, `clear` lines included). */
  decisionsOf(curator: string): ReadonlyMap<string, JournalLine> {
    return this.byCurator.get(curator) ?? EMPTY;
  }

  /** The curator's decision on a sample (`clear` when there is none). */
  decisionOf(sampleId: string, curator: string): Decision {
    return this.latest(sampleId, curator)?.decision ?? 'clear';
  }

  /** Every curator with at least one line, in order of first line. */
  curators(): string[] {
    return [...this.byCurator.keys()];
  }

  /** Every sample id with at least one line, in order of first line. */
  sampleIds(): string[] {
    return [...this.bySample.keys()];
  }

  /** Decisions of one curator by kind; `clear` counts as undecided (see DecisionCounts). */
  counts(curator: string, totalSamples?: number): DecisionCounts {
    const c: DecisionCounts = { accept: 0, reject: 0, flag: 0, undecided: 0 };
    for (const line of this.decisionsOf(curator).values()) {
      if (line.decision === 'clear') c.undecided++;
      else c[line.decision]++;
    }
    if (totalSamples !== undefined) c.undecided = Math.max(0, totalSamples - c.accept - c.reject - c.flag);
    return c;
  }

  /** Whether a decision was taken on other content than the sample has now. */
  isStale(line: JournalLine, currentHash: string): boolean {
    return isStale(line, currentHash);
  }
}

const EMPTY: ReadonlyMap<string, JournalLine> = new Map();

/** Whether a decision was taken on other content than the sample has now (`contentHash` of the sample). */
export function isStale(line: JournalLine, currentHash: string): boolean {
  return line.contentHash !== currentHash;
}
