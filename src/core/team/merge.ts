/**
 * Several curators' journals as one team view: one file per curator, a shared file, or both.
 *
 * Each (sample, curator) pair keeps two tracks of lines: the curator's own VOTE (ordinary lines) and the
 * curator's RULING (lines with `adjudication: true`, an adjudicator's final decision for the team). Each
 * track keeps its latest line, where "latest" is:
 * - within one file: file order, as in JournalState (the order the appends landed; clocks differ);
 * - across files: the later `ts` (no common order exists between two files; timestamps are all there is),
 *   ties going to the later source in the list.
 * A `clear` line withdraws what its track held: a curator's vote, or that curator's ruling.
 *
 * `resolve` turns the tracks into one Resolution per sample: the latest non-clear ruling of any curator
 * decides (`adjudicated`); otherwise the votes do (none: `undecided`, one: `single`, all equal: `agreed`,
 * else `conflict`).
 */
import { readJournal, type JournalProblem } from '../journal/io';
import type { JournalLine } from '../journal/schema';
import type { Resolution, Vote, VoteDecision } from './resolution';

export { RESOLUTION_STATUSES, type Resolution, type ResolutionStatus, type Vote, type VoteDecision } from './resolution';

/** One journal file's lines, in file order. */
export interface JournalSource {
  path: string;
  lines: JournalLine[];
}

/** What a source could not read (torn or bad lines, as readJournal reports them). */
export interface SourceProblems {
  path: string;
  problems: JournalProblem[];
  tornTail: boolean;
}

/** A line with where it came from: what the "latest" comparison needs. */
interface Placed {
  line: JournalLine;
  source: number;
  index: number;
  /** `ts` in epoch milliseconds (NaN never happens: the schema checks ISO 8601 with offset). */
  time: number;
}

/** Whether `a` counts as later than `b` (see the module comment). */
function later(a: Placed, b: Placed): boolean {
  if (a.source === b.source) return a.index > b.index;
  if (a.time !== b.time) return a.time > b.time;
  return a.source > b.source;
}

interface Tracks {
  vote?: Placed;
  ruling?: Placed;
}

export class TeamJournal {
  /** sampleId -> curator -> tracks (Map order: first line seen). */
  private readonly bySample = new Map<string, Map<string, Tracks>>();
  private readonly curatorSet = new Map<string, true>();
  private lineTotal = 0;

  private constructor(
    readonly sources: readonly string[],
    readonly problems: readonly SourceProblems[],
  ) {}

  /** Merge journals already read (sources in priority order for `ts` ties: later wins). */
  static fromLines(sources: readonly JournalSource[], problems: readonly SourceProblems[] = []): TeamJournal {
    const team = new TeamJournal(
      sources.map((s) => s.path),
      problems,
    );
    sources.forEach((s, source) => s.lines.forEach((line, index) => team.apply({ line, source, index, time: Date.parse(line.ts) })));
    return team;
  }

  private apply(p: Placed): void {
    const { sampleId, curator } = p.line;
    this.lineTotal++;
    this.curatorSet.set(curator, true);
    let curators = this.bySample.get(sampleId);
    if (!curators) this.bySample.set(sampleId, (curators = new Map<string, Tracks>()));
    let t = curators.get(curator);
    if (!t) curators.set(curator, (t = {}));
    const track = p.line.adjudication === true ? 'ruling' : 'vote';
    const cur = t[track];
    if (!cur || later(p, cur)) t[track] = p;
  }

  /** Lines merged, over all sources. */
  get lineCount(): number {
    return this.lineTotal;
  }

  /** Every curator with at least one line, in order of first line. */
  curators(): string[] {
    return [...this.curatorSet.keys()];
  }

  /** Every sample id with at least one line, in order of first line. */
  sampleIds(): string[] {
    return [...this.bySample.keys()];
  }

  /**
   * The latest ordinary (non-adjudication) line of each curator who wrote one about the sample: their vote,
   * tag edits and note, as a JournalState of that curator's own journal holds it. Rulings are apart
   * (`rulingLine`); they carry no tag edits.
   */
  forSample(sampleId: string): ReadonlyMap<string, JournalLine> {
    const out = new Map<string, JournalLine>();
    for (const [curator, t] of this.bySample.get(sampleId) ?? []) if (t.vote) out.set(curator, t.vote.line);
    return out;
  }

  /** The curator's latest ordinary (non-adjudication) line on the sample, `clear` included. */
  latest(sampleId: string, curator: string): JournalLine | undefined {
    return this.bySample.get(sampleId)?.get(curator)?.vote?.line;
  }

  /** The curator's latest adjudication line on the sample (`clear`: ruling withdrawn). */
  rulingLine(sampleId: string, curator: string): JournalLine | undefined {
    return this.bySample.get(sampleId)?.get(curator)?.ruling?.line;
  }

  /** The curator's own vote on the sample: `clear` when none or withdrawn. */
  voteOf(sampleId: string, curator: string): VoteDecision | 'clear' {
    return this.latest(sampleId, curator)?.decision ?? 'clear';
  }

  /** Who decides the sample and how (see the module comment). `currentHash` enables the stale flags. */
  resolve(sampleId: string, currentHash?: string): Resolution {
    const tracks = this.bySample.get(sampleId);
    const staleOf = (l: JournalLine): boolean | null => (currentHash === undefined ? null : l.contentHash !== currentHash);
    const toVote = (l: JournalLine): Vote => ({ curator: l.curator, decision: l.decision as VoteDecision, stale: staleOf(l), ts: l.ts, note: l.note });
    const votes: Vote[] = [];
    let ruling: Placed | undefined;
    for (const t of tracks?.values() ?? []) {
      if (t.vote && t.vote.line.decision !== 'clear') votes.push(toVote(t.vote.line));
      if (t.ruling && t.ruling.line.decision !== 'clear' && (!ruling || later(t.ruling, ruling))) ruling = t.ruling;
    }
    if (ruling) {
      const r = toVote(ruling.line);
      return { status: 'adjudicated', decision: r.decision, votes, adjudicator: r.curator, ruling: r, stale: r.stale === true };
    }
    const stale = votes.some((v) => v.stale === true);
    if (votes.length === 0) return { status: 'undecided', decision: null, votes, adjudicator: null, ruling: null, stale: false };
    if (votes.length === 1) return { status: 'single', decision: votes[0]!.decision, votes, adjudicator: null, ruling: null, stale };
    const first = votes[0]!.decision;
    if (votes.every((v) => v.decision === first)) return { status: 'agreed', decision: first, votes, adjudicator: null, ruling: null, stale };
    return { status: 'conflict', decision: null, votes, adjudicator: null, ruling: null, stale };
  }
}

/**
 * Read and merge journal files (in the order given: a later file wins `ts` ties). Missing files read as
 * empty; torn or bad lines are kept per file in `problems`. Throws JournalError when a file cannot be read.
 */
export async function readTeamJournals(paths: readonly string[]): Promise<TeamJournal> {
  const reads = await Promise.all(paths.map((p) => readJournal(p)));
  return TeamJournal.fromLines(
    reads.map((r) => ({ path: r.file, lines: r.lines })),
    reads.filter((r) => r.problems.length > 0).map((r) => ({ path: r.file, problems: r.problems, tornTail: r.tornTail })),
  );
}
