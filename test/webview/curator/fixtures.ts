/**
 * Host messages for the curator webview tests: synthetic index and summary chunks (deterministic from the
 * ordinal), an init message, decisions and one sample detail, all validated by the protocol's schemas so
 * they stay in step with src/protocol/curator.ts.
 */
import {
  DecisionEntry,
  HostToCurator,
  LIST_VERDICTS,
  SampleDetail,
  TAG_ORDER,
  type Decision,
  type IndexChunk,
  type InitMessage,
  type ListVerdict,
  type SummaryChunk,
  type VerdictStatus,
} from '../../../src/protocol/curator';

export const HOSTILE = '<img src=x onerror=alert(1)>';

export const TASKS = ['maze', 'sudoku', 'hanoi', 'nonogram', null] as const;
export const DIFFICULTIES = ['1', '2', '3', null] as const;

export interface RowSpec {
  id: string;
  task: string | null;
  difficulty: string | null;
  verdict: ListVerdict;
  /** TAG_ORDER counts. */
  tags: number[];
}

/** The synthetic row of an ordinal (same every time). */
export function rowSpec(i: number, prefix = 'sample'): RowSpec {
  return {
    id: `${prefix}_${String(i).padStart(6, '0')}`,
    task: TASKS[i % TASKS.length]!,
    difficulty: DIFFICULTIES[i % DIFFICULTIES.length]!,
    // Not all verdicts: pending only for rows without a summary.
    verdict: LIST_VERDICTS[i % 7]!,
    tags: TAG_ORDER.map((_, k) => (i * (k + 3)) % (k + 4)),
  };
}

export function indexChunk(start: number, n: number, spec: (i: number) => RowSpec = rowSpec): IndexChunk {
  const rows = Array.from({ length: n }, (_, k) => spec(start + k));
  return {
    type: 'indexChunk',
    start,
    ids: rows.map((r) => r.id),
    tasks: rows.map((r) => r.task),
    difficulties: rows.map((r) => r.difficulty),
    lines: rows.map((_, k) => start + k + 1),
    errors: rows.map(() => null),
  };
}

/** The reference / strict verdicts a list verdict implies (mismatch: the re-run failed the stored pass). */
function referenceOf(v: ListVerdict): VerdictStatus | null {
  if (v === 'none' || v === 'pending') return null;
  if (v === 'lenient') return 'pass';
  if (v === 'mismatch') return 'fail';
  return v;
}
function strictOf(v: ListVerdict): VerdictStatus | null {
  return v === 'lenient' ? 'fail' : referenceOf(v);
}

export function summaryChunk(start: number, n: number, spec: (i: number) => RowSpec = rowSpec): SummaryChunk {
  const rows = Array.from({ length: n }, (_, k) => spec(start + k));
  return {
    type: 'summaryChunk',
    start,
    verdicts: rows.map((r) => r.verdict),
    tagCounts: rows.map((r) => r.tags),
    chars: rows.map((_, k) => 1000 + ((start + k) % 5000)),
    reference: rows.map((r) => referenceOf(r.verdict)),
    strict: rows.map((r) => strictOf(r.verdict)),
    steps: rows.map((r) => 3 + r.tags.reduce((a, b) => a + b, 0)),
    firstReflection: rows.map((r, k) => (r.tags[0]! + r.tags[1]! + r.tags[4]! > 0 ? ((start + k) % 11) / 10 : null)),
  };
}

/** The whole dataset as chunks of `chunk` rows: index chunks, index status, summary chunks, summary status. */
export function datasetMessages(n: number, chunk = 10_000, spec: (i: number) => RowSpec = rowSpec): HostToCurator[] {
  const out: HostToCurator[] = [];
  for (let s = 0; s < n; s += chunk) out.push(indexChunk(s, Math.min(chunk, n - s), spec));
  out.push({ type: 'indexStatus', samples: n, bytesDone: n * 100, bytesTotal: n * 100, done: true, fileErrors: [] });
  for (let s = 0; s < n; s += chunk) out.push(summaryChunk(s, Math.min(chunk, n - s), spec));
  out.push({ type: 'summaryStatus', done: n, total: n, finished: true });
  return out;
}

export function initMessage(overrides: Partial<InitMessage> = {}): InitMessage {
  return {
    type: 'init',
    fileName: 'traces.jsonl',
    filePath: '/data/traces.jsonl',
    curator: 'ada',
    journalPath: '/data/.helix/traces.journal.jsonl',
    autoAdvance: true,
    cueSource: 'default',
    reveal: null,
    ...overrides,
  };
}

export function decisionEntry(ordinal: number, decision: Decision, extra: Partial<DecisionEntry> = {}): DecisionEntry {
  return DecisionEntry.parse({ ordinal, sampleId: rowSpec(ordinal).id, decision, ts: '2026-01-01T00:00:00Z', note: '', tagEdits: [], stale: false, ...extra });
}

export function decisionsMessage(entries: DecisionEntry[], canUndo = true, canRedo = false): HostToCurator {
  return { type: 'decisions', entries, canUndo, canRedo, journalProblems: [] };
}

/** A small but complete SampleDetail: three steps (the second reflective, the third backtracking). */
export function sampleDetail(ordinal: number, overrides: Partial<SampleDetail> = {}): SampleDetail {
  const r = rowSpec(ordinal);
  const think = 'First I place the 1. Wait, let me verify the row. Actually that is wrong, go back and try 2.';
  const response = `<think>${think}</think>The answer is 2.`;
  const t0 = '<think>'.length;
  const b1 = t0 + 'First I place the 1. '.length;
  const b2 = b1 + 'Wait, let me verify the row. '.length;
  const tEnd = t0 + think.length;
  return SampleDetail.parse({
    ordinal,
    id: r.id,
    task: r.task,
    difficulty: r.difficulty,
    line: ordinal + 1,
    contentHash: 'abc123',
    question: 'Fill the grid.',
    images: [],
    response,
    responseField: 'response',
    think: { start: t0, end: tEnd },
    answer: { start: tEnd + '</think>'.length, end: response.length },
    splitMode: 'think',
    steps: [
      { index: 0, start: t0, end: b1, tags: [], autoTags: [], cues: [] },
      { index: 1, start: b1, end: b2, tags: ['verification'], autoTags: ['verification'], cues: [] },
      { index: 2, start: b2, end: tEnd, tags: ['backtracking', 'correction'], autoTags: ['backtracking', 'correction'], cues: [] },
    ],
    stats: null,
    groundTruth: '2',
    initialState: null,
    verdict: null,
    verdictNote: 'No verifier in this test.',
    board: null,
    problems: [],
    ...overrides,
  });
}

/** Every message validated (the webview would drop an invalid one silently, hiding a broken fixture). */
export function checked<T extends HostToCurator>(m: T): T {
  HostToCurator.parse(m);
  return m;
}

/** A team snapshot: alice and bob agree on row 0, conflict on row 1, bob ruled row 2 (accept). */
export function teamMessage(curators: string[] = ['alice', 'bob']): HostToCurator {
  const vote = (curator: string, decision: 'accept' | 'reject' | 'flag') => ({ curator, decision, stale: false, note: '' });
  return HostToCurator.parse({
    type: 'team',
    curators,
    journals: curators.map((c) => `/data/traces.${c}.helix-journal.jsonl`),
    entries: [
      { ordinal: 0, status: 'agreed', decision: 'accept', votes: [vote('alice', 'accept'), vote('bob', 'accept')], adjudicator: null },
      { ordinal: 1, status: 'conflict', decision: null, votes: [vote('alice', 'accept'), vote('bob', 'reject')], adjudicator: null },
      { ordinal: 2, status: 'adjudicated', decision: 'accept', votes: [vote('alice', 'reject')], adjudicator: 'bob' },
      { ordinal: 3, status: 'single', decision: 'flag', votes: [vote('bob', 'flag')], adjudicator: null },
    ],
    decisionAgreement: { overall: { kappa: 0, method: 'cohen', raters: 2, items: 2, observed: 0.5 }, perTask: {} },
    tagAgreement: null,
  });
}
