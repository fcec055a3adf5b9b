/**
 * The dataset insight report: what `buildInsight` computes from a columnar `InsightInput` and what the
 * charts (webview/insight) and the self-contained HTML report (`helix-curate stats --html`) draw. One zod
 * schema, so the report embedded in an HTML page or posted to a webview is checked where it is read.
 *
 * Keys of rows without a task or difficulty are `''` (as in the curator protocol's Filter, where `''` stands
 * for "none"), so a chart click can hand the key straight to a filter.
 */
import { z } from 'zod';
import { TAGS } from '../trace/cueSchema';

/** The list verdicts (the curator protocol's LIST_VERDICTS, same order): `pending` = not analysed yet. */
export const INSIGHT_VERDICTS = ['pass', 'fail', 'lenient', 'mismatch', 'error', 'unsupported', 'none', 'pending'] as const;
export type InsightVerdict = (typeof INSIGHT_VERDICTS)[number];

/** A verifier mode's status (contract A's VerdictStatus). */
export const MODE_STATUSES = ['pass', 'fail', 'error', 'unsupported'] as const;
export type ModeStatus = (typeof MODE_STATUSES)[number];

/** How the team's journals resolve for a sample (contract B's ResolutionStatus). */
export const RESOLUTION_STATUSES = ['undecided', 'single', 'agreed', 'conflict', 'adjudicated'] as const;
export type ResolutionStatus = (typeof RESOLUTION_STATUSES)[number];

/** A resolved decision. */
export const RESOLVED_DECISIONS = ['accept', 'reject', 'flag'] as const;
export type ResolvedDecision = (typeof RESOLVED_DECISIONS)[number];

/** The five MM-HELIX difficulty levels as the benchmark writes them. */
export const DIFFICULTIES = ['1', '2', '3', '4', '5'] as const;

const Count = z.number().int().min(0);
const Share = z.number().min(0).max(1);

/** Counts per list verdict (every verdict present, zeros included). */
export const VerdictCounts = z.object(Object.fromEntries(INSIGHT_VERDICTS.map((v) => [v, Count])) as Record<InsightVerdict, typeof Count>);
export type VerdictCounts = z.infer<typeof VerdictCounts>;

/** Pass rate of one group (a task, a difficulty, a task x difficulty cell, or everything). */
export const GroupRate = z.object({
  /** Task or difficulty (`''`: none); for a cell, `task` and `difficulty` carry the two keys. */
  key: z.string(),
  samples: Count,
  /** Samples whose reference verdict is pass or fail (the denominator of `rate`). */
  judged: Count,
  referencePass: Count,
  /** Samples whose strict verdict is pass or fail. */
  strictJudged: Count,
  strictPass: Count,
  /** referencePass / judged; null when nothing was judged. */
  rate: Share.nullable(),
  strictRate: Share.nullable(),
  verdicts: VerdictCounts,
});
export type GroupRate = z.infer<typeof GroupRate>;

export const CellRate = GroupRate.extend({ task: z.string(), difficulty: z.string() });
export type CellRate = z.infer<typeof CellRate>;

/** Reference status (rows) x strict status (columns); `none` = no verdict (no response or not analysed). */
export const CROSS_STATUSES = [...MODE_STATUSES, 'none'] as const;
export type CrossStatus = (typeof CROSS_STATUSES)[number];

export const CrossTable = z.object({
  statuses: z.array(z.enum(CROSS_STATUSES)),
  /** cells[reference][strict], both in `statuses` order. */
  cells: z.array(z.array(Count)),
  /** Analysed samples where the two modes differ (the off-diagonal). */
  disagree: Count,
});
export type CrossTable = z.infer<typeof CrossTable>;

export const MismatchRow = z.object({
  key: z.string(),
  /** Samples with a response that were analysed (the denominator). */
  checked: Count,
  mismatches: Count,
  share: Share.nullable(),
});

export const TagFrequency = z.object({
  tag: z.enum(TAGS),
  /** Traced samples with at least one step carrying the tag. */
  samples: Count,
  /** samples / traced. */
  share: Share.nullable(),
  /** Mean steps carrying the tag per traced sample. */
  meanSteps: z.number().min(0).nullable(),
});
export type TagFrequency = z.infer<typeof TagFrequency>;

export const Tags = z.object({
  /** Analysed samples with a response (the denominator of every share here). */
  traced: Count,
  /** Mean steps per traced sample. */
  meanSteps: z.number().min(0).nullable(),
  tags: z.array(TagFrequency),
  /** Per task: traced samples and the share with each tag (TAGS order). */
  byTask: z.array(z.object({ key: z.string(), traced: Count, shares: z.array(Share.nullable()) })),
});

export const Bin = z.object({ from: z.number(), to: z.number(), count: Count });

export const Positions = z.object({
  /** Traced samples with a reflective step, by the relative position of the first one (0 first step, 1 last). */
  bins: z.array(Bin),
  withReflection: Count,
  /** Traced samples without any reflective step. */
  without: Count,
  median: Share.nullable(),
});

export const LengthBin = z.object({ from: z.number(), to: z.number(), count: Count, verdicts: VerdictCounts });

export const LengthStats = z.object({ count: Count, p50: z.number().nullable(), p90: z.number().nullable(), max: z.number().nullable() });

export const Lengths = z.object({
  /** Response length in characters (code points), log-spaced bins: [from, to), the last closed. */
  bins: z.array(LengthBin),
  binsPerDecade: z.number().int().positive(),
  /** Analysed samples without a response (0 characters). */
  empty: Count,
  overall: LengthStats,
  byVerdict: z.object(Object.fromEntries(INSIGHT_VERDICTS.map((v) => [v, LengthStats])) as Record<InsightVerdict, typeof LengthStats>),
});

export const DecisionRow = z.object({
  key: z.string(),
  samples: Count,
  accept: Count,
  reject: Count,
  flag: Count,
  /** Curators disagree and nobody ruled (no resolved decision). */
  conflict: Count,
  /** No decision at all. */
  undecided: Count,
  /** Decided on content that has changed since. */
  stale: Count,
});
export type DecisionRow = z.infer<typeof DecisionRow>;

export const ResolutionCounts = z.object(Object.fromEntries(RESOLUTION_STATUSES.map((s) => [s, Count])) as Record<ResolutionStatus, typeof Count>);

/** Contract B's AgreementFigure / AgreementReport (src/core/team), as the report carries them. */
export const AgreementFigure = z.object({
  kappa: z.number().nullable(),
  method: z.enum(['cohen', 'fleiss']),
  raters: Count,
  items: Count,
  observed: z.number().nullable(),
  expected: z.number().nullable().optional(),
  note: z.string().optional(),
});
export type AgreementFigure = z.infer<typeof AgreementFigure>;

export const AgreementReport = z.object({
  /** The curators compared. */
  curators: z.array(z.string()).optional(),
  overall: AgreementFigure,
  /** Per task; samples without a task under `''` (as everywhere in the report). */
  perTask: z.record(z.string(), AgreementFigure),
  perTag: z.record(z.string(), AgreementFigure).optional(),
});
export type AgreementReport = z.infer<typeof AgreementReport>;

export const Decisions = z.object({
  overall: DecisionRow,
  byTask: z.array(DecisionRow),
  resolution: ResolutionCounts,
  resolutionByTask: z.array(z.object({ key: z.string(), counts: ResolutionCounts })),
  /** Kappa on decisions / on step tags, when the caller computed them (two or more curators). */
  agreement: z.object({ decisions: AgreementReport.nullable(), tags: AgreementReport.nullable() }),
});

/** Weights of the wanted mix of the accepted set: 'uniform' over the 42 tasks and 5 difficulties, or weights. */
export const TargetMix = z.union([
  z.literal('uniform'),
  z
    .object({
      tasks: z.record(z.string(), z.number().finite().min(0)).optional(),
      difficulties: z.record(z.string(), z.number().finite().min(0)).optional(),
    })
    .strict(),
]);
export type TargetMix = z.infer<typeof TargetMix>;

export const BalanceRow = z.object({
  key: z.string(),
  /** Accepted samples with this key. */
  actual: Count,
  actualShare: Share.nullable(),
  targetShare: Share,
  /** targetShare x accepted: how many the current accepted set would hold in the target mix. */
  target: z.number().min(0),
  /** Accepted samples missing to reach `target` (rounded up); 0 when at or above it. */
  shortfall: Count,
});
export type BalanceRow = z.infer<typeof BalanceRow>;

export const Balance = z.object({
  accepted: Count,
  /** The target mix as given (after defaults): 'uniform' or the weights. */
  mix: TargetMix,
  /** The 42 benchmark tasks in registry order. */
  tasks: z.array(BalanceRow),
  difficulties: z.array(BalanceRow),
  /** Accepted samples whose task is not one of the 42 (or missing) / whose difficulty is not 1-5. */
  otherTasks: Count,
  otherDifficulties: Count,
  /** Sum of the shortfalls. */
  taskShortfall: Count,
  difficultyShortfall: Count,
});

export const INSIGHT_REPORT_VERSION = 1;

export const InsightReport = z.object({
  version: z.literal(INSIGHT_REPORT_VERSION),
  samples: Count,
  /** Samples the analysis has not reached yet (verdict `pending`): left out of verdict, tag and length figures. */
  pending: Count,
  passRate: z.object({
    overall: GroupRate,
    byTask: z.array(GroupRate),
    byDifficulty: z.array(GroupRate),
    cells: z.array(CellRate),
  }),
  cross: CrossTable,
  mismatches: z.object({ total: Count, byTask: z.array(MismatchRow) }),
  tags: Tags,
  positions: Positions,
  lengths: Lengths,
  decisions: Decisions,
  balance: Balance,
});
export type InsightReport = z.infer<typeof InsightReport>;
