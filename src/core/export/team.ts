/**
 * What the export needs of the merged team journals (contract B, src/core/team): the resolution of each
 * sample (who decided what, whether it is stale) and the lines behind it (tag edits, notes).
 *
 * A thin adapter so the rest of the export speaks one small interface, whatever the team module grows.
 */
import type { JournalLine } from '../journal/schema';
import { readTeamJournals, type Resolution } from '../team';

export type { Resolution };

export interface TeamView {
  resolve(sampleId: string, currentHash?: string): Resolution;
  /** The latest line of every curator on the sample (curator -> line). */
  forSample(sampleId: string): ReadonlyMap<string, JournalLine>;
  /** Every sample id any journal mentions. */
  sampleIds(): string[];
  /** Lines that could not be read, per journal file (1-based line numbers). */
  problems: Array<{ file: string; line: number; message: string }>;
}

export async function loadTeam(paths: readonly string[]): Promise<TeamView> {
  const team = await readTeamJournals([...paths]);
  const problems: TeamView['problems'] = [];
  for (const source of team.problems) for (const p of source.problems) problems.push({ file: source.path, line: p.line, message: p.message });
  return {
    resolve: (id, hash) => team.resolve(id, hash),
    forSample: (id) => team.forSample(id),
    sampleIds: () => team.sampleIds(),
    problems,
  };
}

/**
 * Whether the export takes a sample, before the checks: an accept the team agrees on (single, agreed or
 * adjudicated), or (with --allow-conflicts) a conflict where at least one curator accepted.
 */
export function acceptedBy(r: Resolution, allowConflicts: boolean): boolean {
  if (r.decision === 'accept' && (r.status === 'single' || r.status === 'agreed' || r.status === 'adjudicated')) return true;
  return allowConflicts && r.status === 'conflict' && r.votes.some((v) => v.decision === 'accept');
}

/** A conflict worth reporting in an export: at least one curator wanted the sample in. */
export function conflictWithAccept(r: Resolution): boolean {
  return r.status === 'conflict' && r.votes.some((v) => v.decision === 'accept');
}

/**
 * The journal line whose tag edits and note describe the exported sample: the adjudicator's ruling, else the
 * latest accepting vote (by `ts`). Null when no line accepted it.
 */
export function decidingLine(team: TeamView, id: string, r: Resolution): JournalLine | null {
  const lines = team.forSample(id);
  if (r.status === 'adjudicated' && r.adjudicator !== null) {
    const line = lines.get(r.adjudicator);
    if (line) return line;
  }
  let best: JournalLine | null = null;
  for (const v of r.votes) {
    if (v.decision !== 'accept') continue;
    const line = lines.get(v.curator);
    if (line && (best === null || line.ts >= best.ts)) best = line;
  }
  return best;
}
