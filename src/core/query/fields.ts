/**
 * The fields a `--where` expression can name, their types and how each is read from a sample's facts
 * (src/core/facts.ts) and the journal (decision, agreement).
 */
import type { ListVerdict, SampleFacts, VerdictStatus } from '../facts';
import { RESOLUTION_STATUSES, type ResolutionStatus } from '../team/resolution';
import type { Tag } from '../trace/cueSchema';

// Value lists kept here rather than imported from facts.ts and cueSchema.ts, so the parser loads without the
// verifiers, the tagger or zod (the webview may use it); the `satisfies` checks keep them in step.
const FACT_VERDICTS = ['pass', 'fail', 'lenient', 'mismatch', 'error', 'unsupported', 'none'] as const satisfies readonly ListVerdict[];
const VERDICT_STATUSES = ['pass', 'fail', 'error', 'unsupported'] as const satisfies readonly VerdictStatus[];
const TAGS = ['verification', 'backtracking', 'subgoal', 'backward_chaining', 'correction'] as const satisfies readonly Tag[];
/** Compile-time: every value of the union is listed (the type is `true` only then). */
type Covers<All, Listed> = [Exclude<All, Listed>] extends [never] ? true : never;
export const LISTS_COMPLETE: [Covers<ListVerdict, (typeof FACT_VERDICTS)[number]>, Covers<VerdictStatus, (typeof VERDICT_STATUSES)[number]>, Covers<Tag, (typeof TAGS)[number]>] = [true, true, true];

/** What `WhereQuery.test` needs beside the facts. */
export interface QueryExtra {
  /** The curator's decision on the sample (`clear` or missing: undecided). */
  decision?: string;
  /** The team's resolution status (missing: undecided). */
  resolution?: ResolutionStatus;
}

export type FieldValue = string | number | boolean | null;

export type FieldType =
  /** Free text compared with == != in. */
  | 'string'
  /** Text that compares as numbers when both sides are numbers (difficulty). */
  | 'numeric-string'
  /** One of a fixed set of values (checked when the expression is parsed). */
  | 'enum'
  | 'number'
  | 'boolean';

export interface FieldSpec {
  name: string;
  type: FieldType;
  /** For enums: the values it can take. */
  values?: readonly string[];
  /** Can be null (no task, no response...). */
  nullable: boolean;
  /** Needs the verifier or the tagger (false: the index and journal are enough). */
  analysis: boolean;
  get: (f: SampleFacts, extra: QueryExtra | undefined) => FieldValue;
  help: string;
}

export const DECISION_VALUES = ['accept', 'reject', 'flag', 'undecided'] as const;

function decisionOf(extra: QueryExtra | undefined): string {
  const d = extra?.decision;
  return d === undefined || d === 'clear' ? 'undecided' : d;
}

const specs: FieldSpec[] = [
  { name: 'id', type: 'string', nullable: false, analysis: false, get: (f) => f.id, help: 'sample id' },
  { name: 'task', type: 'string', nullable: true, analysis: false, get: (f) => f.task, help: 'task (MM-HELIX category)' },
  { name: 'difficulty', type: 'numeric-string', nullable: true, analysis: false, get: (f) => f.difficulty, help: 'difficulty (numeric when both sides are numbers)' },
  { name: 'verdict', type: 'enum', values: FACT_VERDICTS, nullable: false, analysis: true, get: (f) => f.verdict, help: 'list verdict (mismatch > lenient > reference)' },
  { name: 'reference', type: 'enum', values: VERDICT_STATUSES, nullable: true, analysis: true, get: (f) => f.reference, help: 'reference-mode status (null without a response)' },
  { name: 'strict', type: 'enum', values: VERDICT_STATUSES, nullable: true, analysis: true, get: (f) => f.strict, help: 'strict-mode status' },
  { name: 'mismatch', type: 'boolean', nullable: false, analysis: true, get: (f) => f.mismatch, help: 'stored verdict disagrees with the re-run' },
  { name: 'lenient', type: 'boolean', nullable: false, analysis: true, get: (f) => f.lenient, help: 'reference passes, strict does not' },
  { name: 'revised', type: 'boolean', nullable: false, analysis: true, get: (f) => f.revised, help: 'the trace changed its final answer' },
  ...TAGS.map((t: Tag): FieldSpec => ({ name: `tags.${t}`, type: 'number', nullable: false, analysis: true, get: (f) => f.tags[t], help: `steps tagged ${t} (also bare: ${t})` })),
  { name: 'reflections', type: 'number', nullable: false, analysis: true, get: (f) => f.reflectiveSteps, help: 'reflective steps' },
  { name: 'backtracks', type: 'number', nullable: false, analysis: true, get: (f) => f.backtracks, help: 'steps tagged backtracking' },
  { name: 'steps', type: 'number', nullable: false, analysis: true, get: (f) => f.steps, help: 'steps of the thinking' },
  { name: 'chars', type: 'number', nullable: false, analysis: true, get: (f) => f.chars, help: 'response length in code points (also: length)' },
  { name: 'tokens', type: 'number', nullable: false, analysis: true, get: (f) => f.tokens, help: 'approximate tokens of the response' },
  { name: 'images', type: 'number', nullable: false, analysis: false, get: (f) => f.images, help: 'images of the sample' },
  { name: 'decision', type: 'enum', values: DECISION_VALUES, nullable: false, analysis: false, get: (_f, x) => decisionOf(x), help: "the curator's decision" },
  { name: 'agreement', type: 'enum', values: RESOLUTION_STATUSES, nullable: false, analysis: false, get: (_f, x) => x?.resolution ?? 'undecided', help: "the team's resolution" },
];

export const FIELDS: ReadonlyMap<string, FieldSpec> = new Map(specs.map((s) => [s.name, s]));

/** Other names of fields: `length` for chars, the bare tag names for `tags.<tag>`. */
export const ALIASES: ReadonlyMap<string, string> = new Map<string, string>([['length', 'chars'], ...TAGS.map((t): [string, string] => [t, `tags.${t}`])]);

/** The canonical field behind a name (case-insensitive), or undefined. */
export function lookupField(name: string): FieldSpec | undefined {
  const n = name.toLowerCase();
  return FIELDS.get(ALIASES.get(n) ?? n);
}

/** Every name a field can be written as, for error messages. */
export function fieldNames(): string[] {
  return [...FIELDS.keys(), ...ALIASES.keys()];
}
