/**
 * The curator's rows as the insight's input (src/core/insight): the store's typed columns are handed over
 * as they are (same codes), plus the team's resolved decision per row from the team snapshot. Pure; the
 * App memoises it on the rows and the team snapshot, only while the insight is shown.
 */
import type { InsightInput, TargetMix } from '../../src/core/insight';
import type { TeamEntry, TeamMessage } from '../../src/protocol/curator';
import type { RowTable } from './store';

const DECISION = { accept: 1, reject: 2, flag: 3 } as const;

export function insightInputOf(rows: RowTable, team: TeamMessage | null, teamEntries: ReadonlyMap<number, TeamEntry>, targetMix?: TargetMix): InsightInput {
  const n = rows.count;
  const decision = new Uint8Array(n);
  for (const [ordinal, e] of teamEntries) if (ordinal < n && e.decision !== null) decision[ordinal] = DECISION[e.decision];
  return {
    count: n,
    taskNames: rows.tasks,
    task: rows.task,
    difficultyNames: rows.difficulties,
    difficulty: rows.difficulty,
    verdict: rows.verdict,
    reference: rows.reference,
    strict: rows.strict,
    tagCounts: rows.tagCounts,
    chars: rows.chars,
    steps: rows.steps,
    firstReflection: rows.firstReflection,
    resolution: rows.team,
    decision,
    stale: rows.stale,
    agreement: { decisions: team?.decisionAgreement ?? null, tags: team?.tagAgreement ?? null },
    ...(targetMix !== undefined ? { targetMix } : {}),
  };
}
