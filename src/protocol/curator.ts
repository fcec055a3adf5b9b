/**
 * The message protocol of the curator (the custom editor's webview), shared by the extension host
 * (src/extension/curator/) and the webview (webview/curator/). One zod schema per direction; each side
 * validates what it receives (`HostToCurator.safeParse` in the webview, `CuratorToHost.safeParse` in the host).
 *
 * Handshake: the webview posts `ready` once it listens; the host answers with `init` and then the current
 * snapshot of everything (`index` chunks, `summaries` chunks, `decisions`, `savedViews`, and the `sample`
 * the webview asks for). After a webview reload the same `ready` gets the same full replay.
 *
 * Snapshots, not deltas: every message replaces what the webview held for that key. The two large
 * columnar tables (the index and the per-sample summaries) arrive in chunks keyed by ordinal range
 * (`start` .. `start + n`); a chunk replaces those rows, so receiving one twice is harmless.
 *
 * Offsets in `SampleDetail` are UTF-16 code unit offsets into `response` (what JavaScript strings index).
 */
import { z } from 'zod';
import { Board } from '../core/boards/model';
import { TargetMix } from '../core/insight/schema';
import { Tag } from '../core/trace/cueSchema';
import { TraceStats } from '../core/trace/stats';

const Int = z.number().int();
const Ordinal = Int.min(0).max(2 ** 31 - 1);

export const DECISIONS = ['accept', 'reject', 'flag', 'clear'] as const;
export const Decision = z.enum(DECISIONS);
export type Decision = z.infer<typeof Decision>;

/**
 * A sample's verdict as one status for the list and the filters:
 * pass, fail, `lenient` (reference passes, strict does not), `mismatch` (the stored verdict disagrees
 * with the re-run; takes precedence), `error` (unreadable row, or the verifier could not judge),
 * `unsupported` (no verifier for the task), `none` (no response to judge), `pending` (not analysed yet).
 */
export const LIST_VERDICTS = ['pass', 'fail', 'lenient', 'mismatch', 'error', 'unsupported', 'none', 'pending'] as const;
export const ListVerdict = z.enum(LIST_VERDICTS);
export type ListVerdict = z.infer<typeof ListVerdict>;

/** A verifier's verdict in one mode (reference or strict). */
export const VERDICT_STATUSES = ['pass', 'fail', 'error', 'unsupported'] as const;
export const VerdictStatus = z.enum(VERDICT_STATUSES);
export type VerdictStatus = z.infer<typeof VerdictStatus>;

/** The five reflection behaviours (re-exported for the webview). */
export { Tag };

/** Tag order used for the per-row tag count columns. */
export const TAG_ORDER = Tag.options;

/** Host -> webview: the editor is open on a dataset. Sent first after every `ready`. */
export const InitMessage = z.object({
  type: z.literal('init'),
  /** The dataset's file name (title) and absolute path. */
  fileName: z.string(),
  filePath: z.string(),
  /** Who decisions are recorded as (setting `helixCurator.curator.name`, default the OS user). */
  curator: z.string(),
  /** The journal file's path (shown in the status line). */
  journalPath: z.string(),
  /** Accept/reject/flag move to the next sample in the list. */
  autoAdvance: z.boolean(),
  /** Where the cue set came from (the bundled default or a user cue file), for the tag tooltips. */
  cueSource: z.string(),
  /** Ordinal to select first (e.g. "Open in Helix Curator" from a line of the text editor), else null. */
  reveal: Ordinal.nullable(),
  /** The wanted mix of the accepted set (setting `helixCurator.insight.targetMix`), for the insight's balance figure. */
  targetMix: TargetMix.optional(),
});
export type InitMessage = z.infer<typeof InitMessage>;

/**
 * Host -> webview: rows `[start, start + ids.length)` of the index (columnar). Arrives while indexing
 * runs, so the first rows show before the index is complete.
 */
export const IndexChunk = z
  .object({
    type: z.literal('indexChunk'),
    start: Ordinal,
    ids: z.array(z.string()),
    tasks: z.array(z.string().nullable()),
    difficulties: z.array(z.string().nullable()),
    /** 1-based line of the row in the file (text formats), or null. */
    lines: z.array(Int.nullable()),
    /** The index pass already knows the row is unusable: why. */
    errors: z.array(z.string().nullable()),
  })
  .refine((c) => [c.tasks, c.difficulties, c.lines, c.errors].every((a) => a.length === c.ids.length), 'index chunk columns differ in length');
export type IndexChunk = z.infer<typeof IndexChunk>;

/** Host -> webview: indexing progress (and its end). */
export const IndexStatus = z.object({
  type: z.literal('indexStatus'),
  /** Rows indexed so far. */
  samples: Int.min(0),
  bytesDone: Int.min(0),
  bytesTotal: Int.min(0),
  done: z.boolean(),
  /** Problems with the file as a whole (empty file, truncated array), with file and line. */
  fileErrors: z.array(z.string()),
});
export type IndexStatus = z.infer<typeof IndexStatus>;

/**
 * Host -> webview: the analysis summary of rows `[start, start + verdicts.length)`, computed in the
 * background after indexing (verify + tag every sample). Rows not yet covered are `pending`.
 */
export const SummaryChunk = z
  .object({
    type: z.literal('summaryChunk'),
    start: Ordinal,
    verdicts: z.array(ListVerdict),
    /** Per row, counts of steps carrying each tag, in TAG_ORDER (5 numbers). */
    tagCounts: z.array(z.array(Int.min(0)).length(TAG_ORDER.length)),
    /** Per row, the response length in characters (0 when none). */
    chars: z.array(Int.min(0)),
    /** Per row, the reference and the strict verdict (null: no response, or the row could not be read). */
    reference: z.array(VerdictStatus.nullable()),
    strict: z.array(VerdictStatus.nullable()),
    /** Per row, the thinking's steps (0 when none). */
    steps: z.array(Int.min(0)),
    /** Per row, where the first reflective step sits in the thinking (0 = first step, 1 = last), or null. */
    firstReflection: z.array(z.number().min(0).max(1).nullable()),
  })
  .refine(
    (c) => [c.tagCounts, c.chars, c.reference, c.strict, c.steps, c.firstReflection].every((a) => a.length === c.verdicts.length),
    'summary chunk columns differ in length',
  );
export type SummaryChunk = z.infer<typeof SummaryChunk>;

/** Host -> webview: progress of the background analysis. */
export const SummaryStatus = z.object({
  type: z.literal('summaryStatus'),
  done: Int.min(0),
  total: Int.min(0),
  finished: z.boolean(),
});
export type SummaryStatus = z.infer<typeof SummaryStatus>;

export const StepTagEdit = z.object({ step: Int.min(0), tag: Tag, op: z.enum(['add', 'remove']) });
export type StepTagEdit = z.infer<typeof StepTagEdit>;

/** The current curator's decision on one sample (the latest journal line for it). */
export const DecisionEntry = z.object({
  ordinal: Ordinal,
  sampleId: z.string(),
  decision: Decision,
  ts: z.string(),
  note: z.string(),
  tagEdits: z.array(StepTagEdit),
  /** The sample's content changed since the decision (content hash differs). */
  stale: z.boolean(),
});
export type DecisionEntry = z.infer<typeof DecisionEntry>;

/** Host -> webview: all of the current curator's decisions on this dataset (whole snapshot), plus undo/redo availability. */
export const DecisionsMessage = z.object({
  type: z.literal('decisions'),
  entries: z.array(DecisionEntry),
  canUndo: z.boolean(),
  canRedo: z.boolean(),
  /** Journal lines that could not be read (torn tail, malformed), with their line numbers. */
  journalProblems: z.array(z.string()),
});
export type DecisionsMessage = z.infer<typeof DecisionsMessage>;

/** A named filter over the list. Every field optional: absent means "any". */
export const Filter = z.object({
  /** Task names; `''` stands for rows without a task. */
  tasks: z.array(z.string()).optional(),
  /** Difficulties; `''` stands for rows without a difficulty. */
  difficulties: z.array(z.string()).optional(),
  verdicts: z.array(ListVerdict).optional(),
  /** `undecided` = no decision or `clear`. */
  decisions: z.array(z.enum(['accept', 'reject', 'flag', 'undecided', 'stale'])).optional(),
  /** Each entry: at least `min` steps carry the tag (min 1 = "present"); min 0 with `absent: true` = the tag is absent. */
  tags: z.array(z.object({ tag: Tag, min: Int.min(0).default(1), absent: z.boolean().optional() })).optional(),
  /** Case-insensitive substring over id, task and (when loaded) nothing else. */
  text: z.string().optional(),
  /** The team's resolution of the sample (all curators' journals merged): see TeamEntry. */
  agreement: z.array(z.enum(['undecided', 'single', 'agreed', 'conflict', 'adjudicated'])).optional(),
});
export type Filter = z.infer<typeof Filter>;

export const RESOLUTION_STATUSES = ['undecided', 'single', 'agreed', 'conflict', 'adjudicated'] as const;
export const ResolutionStatus = z.enum(RESOLUTION_STATUSES);
export type ResolutionStatus = z.infer<typeof ResolutionStatus>;

/** One curator's latest decision on a sample, as the team sees it. */
export const TeamVote = z.object({
  curator: z.string(),
  decision: z.enum(['accept', 'reject', 'flag']),
  stale: z.boolean(),
  note: z.string(),
});
export type TeamVote = z.infer<typeof TeamVote>;

/** The team's view of one sample: every curator's vote and how they resolve (src/core/team). */
export const TeamEntry = z.object({
  ordinal: Ordinal,
  status: ResolutionStatus,
  /** The resolved decision; null when undecided or in conflict. */
  decision: z.enum(['accept', 'reject', 'flag']).nullable(),
  votes: z.array(TeamVote),
  /** Who ruled (status `adjudicated`). */
  adjudicator: z.string().nullable(),
});
export type TeamEntry = z.infer<typeof TeamEntry>;

export const AgreementFigureView = z.object({
  kappa: z.number().nullable(),
  method: z.enum(['cohen', 'fleiss']),
  raters: Int.min(0),
  items: Int.min(0),
  observed: z.number().nullable(),
  note: z.string().optional(),
});
export type AgreementFigureView = z.infer<typeof AgreementFigureView>;

export const AgreementView = z.object({
  overall: AgreementFigureView,
  perTask: z.record(z.string(), AgreementFigureView),
  perTag: z.record(z.string(), AgreementFigureView).optional(),
});
export type AgreementView = z.infer<typeof AgreementView>;

/**
 * Host -> webview: the team snapshot. Every journal of this dataset (one per curator, or shared) merged:
 * the samples at least one curator decided, the curators seen, and the agreement figures (null with fewer
 * than two curators).
 */
export const TeamMessage = z.object({
  type: z.literal('team'),
  curators: z.array(z.string()),
  journals: z.array(z.string()),
  entries: z.array(TeamEntry),
  decisionAgreement: AgreementView.nullable(),
  tagAgreement: AgreementView.nullable(),
});
export type TeamMessage = z.infer<typeof TeamMessage>;

export const SavedView = z.object({ name: z.string().min(1).max(100), filter: Filter });
export type SavedView = z.infer<typeof SavedView>;

/** Host -> webview: the saved views of this dataset (whole list). */
export const SavedViewsMessage = z.object({ type: z.literal('savedViews'), views: z.array(SavedView) });

/** One cue that fired in a step: why the tag is there. */
export const CueHit = z.object({
  tag: Tag,
  /** The cue's name/pattern as in the cue file. */
  cue: z.string(),
  /** `[start, end)` in the response (UTF-16). */
  start: Int,
  end: Int,
  weight: z.number(),
  /** One sentence for the tooltip: what the cue means. */
  explanation: z.string(),
});
export type CueHit = z.infer<typeof CueHit>;

export const DetailStep = z.object({
  index: Int.min(0),
  /** `[start, end)` in the response (UTF-16). */
  start: Int.min(0),
  end: Int.min(0),
  /** Tags after the curator's edits (automatic tags merged with `tagEdits`). */
  tags: z.array(Tag),
  /** Tags the tagger set. */
  autoTags: z.array(Tag),
  cues: z.array(CueHit),
});
export type DetailStep = z.infer<typeof DetailStep>;

export const DetailImage = z.object({
  /** A webview URI (asWebviewUri) or a data: URI; null when the image cannot be shown. */
  src: z.string().nullable(),
  /** The path or label as written in the row. */
  label: z.string(),
  /** Why it cannot be shown (refused path, missing file, bad bytes). */
  error: z.string().nullable(),
});
export type DetailImage = z.infer<typeof DetailImage>;

export const ModeVerdictView = z.object({
  status: z.enum(['pass', 'fail', 'error', 'unsupported']),
  reason: z.string().nullable(),
});

export const VerdictView = z.object({
  scoreFunction: z.string().nullable(),
  reference: ModeVerdictView,
  strict: ModeVerdictView,
  /** The extracted answer and its span in the response (UTF-16), and the extraction rule that matched. */
  extracted: z.string(),
  extractedSpan: z.tuple([Int, Int]).nullable(),
  rule: z.string(),
  /** Reference passes but strict does not: why. */
  lenient: z.string().nullable(),
  stored: z.object({ field: z.string(), value: z.string(), pass: z.boolean().nullable() }).nullable(),
  mismatch: z.object({ stored: z.boolean(), rerun: z.boolean() }).nullable(),
});
export type VerdictView = z.infer<typeof VerdictView>;

/** The per-trace statistics (src/core/trace/stats.ts), as computed. */
export const TraceStatsView = TraceStats;

/** Everything the detail panes show for one sample. */
export const SampleDetail = z.object({
  ordinal: Ordinal,
  id: z.string(),
  task: z.string().nullable(),
  difficulty: z.string().nullable(),
  line: Int.nullable(),
  contentHash: z.string(),
  question: z.string().nullable(),
  images: z.array(DetailImage),
  response: z.string().nullable(),
  /** Where the response came from (field name or `messages[i]`). */
  responseField: z.string().nullable(),
  /** The split of the response: the thinking `[start, end)` and the final answer `[start, end)`; null when there is no response. */
  think: z.object({ start: Int, end: Int }).nullable(),
  answer: z.object({ start: Int, end: Int }).nullable(),
  splitMode: z.string().nullable(),
  steps: z.array(DetailStep),
  stats: TraceStatsView.nullable(),
  groundTruth: z.string().nullable(),
  /** `initial_state` pretty-printed (JSON or as stored), for "show puzzle data". */
  initialState: z.string().nullable(),
  verdict: VerdictView.nullable(),
  /** Why there is no verdict (no response, no verifier, the verifier crashed). */
  verdictNote: z.string().nullable(),
  board: Board.nullable(),
  /** Row-level problems (missing image, odd fields), each a sentence. */
  problems: z.array(z.string()),
});
export type SampleDetail = z.infer<typeof SampleDetail>;

/** Host -> webview: the detail of the sample the webview asked for (or an error for that ordinal). */
export const SampleMessage = z.object({
  type: z.literal('sample'),
  ordinal: Ordinal,
  detail: SampleDetail.nullable(),
  /** Set when the row cannot be read: names file and line. */
  error: z.string().nullable(),
  /**
   * Host-side time to load + analyse + verify, ms (shown in the status line). 0 when the host re-sends a
   * sample it already had with the curator's edits merged in (after a tag toggle, undo or redo): a refresh.
   */
  ms: z.number(),
});
export type SampleMessage = z.infer<typeof SampleMessage>;

/** Host -> webview: select this ordinal (reveal from the text editor, the tree view). */
export const RevealMessage = z.object({ type: z.literal('reveal'), ordinal: Ordinal });

/** Host -> webview: a problem to show in the webview's banner (e.g. the journal could not be written). */
export const ErrorMessage = z.object({ type: z.literal('error'), message: z.string() });

export const HostToCurator = z.discriminatedUnion('type', [
  InitMessage,
  IndexChunk,
  IndexStatus,
  SummaryChunk,
  SummaryStatus,
  DecisionsMessage,
  SavedViewsMessage,
  SampleMessage,
  RevealMessage,
  ErrorMessage,
  TeamMessage,
]);
export type HostToCurator = z.infer<typeof HostToCurator>;

/** Webview -> host. */
export const CuratorToHost = z.discriminatedUnion('type', [
  /** The webview listens: send init and the full snapshot. */
  z.object({ type: z.literal('ready') }),
  /** Load and analyse one sample (the selection changed). */
  z.object({ type: z.literal('requestSample'), ordinal: Ordinal }),
  /** Record a decision on a sample (appends a journal line). `note` replaces the note when given. */
  z.object({ type: z.literal('decide'), ordinal: Ordinal, decision: Decision, note: z.string().max(10_000).optional() }),
  /** Set the note of a sample, keeping its decision. */
  z.object({ type: z.literal('setNote'), ordinal: Ordinal, note: z.string().max(10_000) }),
  /** Toggle a tag on a step of a sample (a step-tag edit in the journal). */
  z.object({ type: z.literal('toggleTag'), ordinal: Ordinal, step: Int.min(0), tag: Tag }),
  /** Record the team's final decision on a sample as its adjudicator (a journal line marked `adjudication`). */
  z.object({ type: z.literal('adjudicate'), ordinal: Ordinal, decision: Decision }),
  /** Run one of the extension's commands that make sense from the curator (export, statistics). */
  z.object({
    type: z.literal('command'),
    command: z.enum(['export', 'openJournal']),
    /** export: the samples of the curator's current list (set when a filter is active), offered as a scope. */
    scope: z.object({ label: z.string().max(500), ids: z.array(z.string()) }).optional(),
  }),
  z.object({ type: z.literal('undo') }),
  z.object({ type: z.literal('redo') }),
  /** Save (create or replace by name) / delete a saved view of this dataset. */
  z.object({ type: z.literal('saveView'), view: SavedView }),
  z.object({ type: z.literal('deleteView'), name: z.string() }),
  /** Open the dataset file as text at a 1-based line. */
  z.object({ type: z.literal('openLine'), line: Int.min(1) }),
  /** The webview's own figures (e.g. the trace pane's render time), logged by the host. */
  z.object({ type: z.literal('metric'), name: z.string().max(100), value: z.number() }),
]);
export type CuratorToHost = z.infer<typeof CuratorToHost>;
