/**
 * Sample -> SampleDetail: everything the curator's detail panes show for one sample (the protocol's
 * `SampleDetail`), from the core analysers: the trace split, the tagged steps with the cues that fired
 * and their explanations, the trace statistics, the verdict and the board.
 *
 * vscode-free: it runs in the dataset worker thread (datasetWorker.ts). Images are left for the caller to
 * turn into webview URIs (`DetailImageSource`): a worker cannot call `asWebviewUri`.
 */
import type { Board } from '../../core/boards/model';
import { mergeTagEdits } from '../../core/journal/tags';
import type { ImageRef, Sample } from '../../core/sample';
import { analyseTrace } from '../../core/trace/analyse';
import type { CueSet } from '../../core/trace/cues';
import { verifySample, type Verdict } from '../../core/verify/pipeline';
import type { DetailImage, DetailStep, SampleDetail, StepTagEdit, VerdictView } from '../../protocol/curator';

/** Where an image of the detail comes from, before the host turns files into webview URIs. */
export type DetailImageSource = { kind: 'file'; absPath: string; label: string } | { kind: 'inline'; src: string; label: string } | { kind: 'none'; label: string; error: string };

export interface DetailParts {
  detail: SampleDetail;
  /** One per `detail.images` entry: how to fill in its `src`. */
  imageSources: DetailImageSource[];
}

export interface DetailOptions {
  cues: CueSet;
  contentHash: string;
  /** The curator's step-tag edits for this sample (merged into `steps[].tags`). */
  tagEdits?: readonly StepTagEdit[];
  /** Draws the board of grid and path tasks (core/boards `buildBoard`). */
  board?: (sample: Sample, verdict: Verdict | null) => Board | null;
}

/** Largest embedded image sent inline as a data: URI. */
const MAX_INLINE_IMAGE_BYTES = 16 * 1024 * 1024;

export function imageSource(ref: ImageRef, index: number): DetailImageSource {
  switch (ref.kind) {
    case 'file': {
      const label = ref.path;
      if (ref.error !== undefined) return { kind: 'none', label, error: ref.error };
      if (ref.absPath === undefined) return { kind: 'none', label, error: `image ${index + 1} (${label}) could not be resolved` };
      return { kind: 'file', absPath: ref.absPath, label };
    }
    case 'bytes': {
      const label = ref.path ?? `image ${index + 1} (${ref.mime}, ${ref.bytes.byteLength} bytes)`;
      if (ref.error !== undefined) return { kind: 'none', label, error: ref.error };
      if (ref.bytes.byteLength > MAX_INLINE_IMAGE_BYTES) return { kind: 'none', label, error: `image ${index + 1} is too large to show (${ref.bytes.byteLength} bytes)` };
      if (!/^image\/(png|jpeg|gif|webp|bmp)$/.test(ref.mime)) return { kind: 'none', label, error: `image ${index + 1} has an unsupported type ${ref.mime}` };
      return { kind: 'inline', src: `data:${ref.mime};base64,${Buffer.from(ref.bytes.buffer, ref.bytes.byteOffset, ref.bytes.byteLength).toString('base64')}`, label };
    }
    case 'dataUri': {
      const label = `image ${index + 1} (${ref.mime}, data URI)`;
      if (ref.error !== undefined) return { kind: 'none', label, error: ref.error };
      if (!/^data:image\/(png|jpeg|gif|webp|bmp);base64,[A-Za-z0-9+/=\s]*$/.test(ref.uri.slice(0, 64) + (ref.uri.length > 64 ? 'A' : ''))) {
        return { kind: 'none', label, error: `image ${index + 1}: only base64 PNG, JPEG, GIF, WebP and BMP data URIs are shown` };
      }
      return { kind: 'inline', src: ref.uri, label };
    }
  }
}

function stringifyState(state: unknown): string | null {
  if (state === null || state === undefined) return null;
  if (typeof state === 'string') {
    try {
      return JSON.stringify(JSON.parse(state), null, 2);
    } catch {
      return state;
    }
  }
  try {
    return JSON.stringify(state, (_k, v: unknown) => (v instanceof Uint8Array ? `<${v.byteLength} bytes>` : typeof v === 'bigint' ? v.toString() : v), 2);
  } catch {
    return '(the puzzle data cannot be shown)';
  }
}

function storedValue(v: unknown): string {
  if (typeof v === 'string') return v;
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

export function verdictView(v: Verdict): VerdictView {
  return {
    scoreFunction: v.scoreFunction,
    reference: { status: v.reference.status, reason: v.reference.reason },
    strict: { status: v.strict.status, reason: v.strict.reason },
    extracted: v.extracted,
    extractedSpan: v.extractedSpan,
    rule: v.rule,
    lenient: v.lenient,
    stored: v.stored ? { field: v.stored.field, value: storedValue(v.stored.value), pass: v.stored.pass } : null,
    mismatch: v.mismatch,
  };
}

/** Build the detail of one sample. Never throws for a sample the readers produced: analyser failures become notes. */
export function buildSampleDetail(sample: Sample, ordinal: number, options: DetailOptions): DetailParts {
  const imageSources = sample.images.map(imageSource);
  const images: DetailImage[] = imageSources.map((s) => ({ src: s.kind === 'inline' ? s.src : null, label: s.label, error: s.kind === 'none' ? s.error : null }));
  const problems: string[] = sample.problems.map((p) => `${p.severity}${p.field !== undefined ? ` (${p.field})` : ''}: ${p.message}`);
  const edits = options.tagEdits ?? [];

  let steps: DetailStep[] = [];
  let think: SampleDetail['think'] = null;
  let answer: SampleDetail['answer'] = null;
  let splitMode: string | null = null;
  let stats: SampleDetail['stats'] = null;
  if (sample.response !== null) {
    try {
      const a = analyseTrace(sample.response, options.cues);
      const first = a.split.think[0];
      const last = a.split.think[a.split.think.length - 1];
      think = first && last ? { start: first.start, end: last.end } : null;
      answer = { start: a.split.answer.start, end: a.split.answer.end };
      splitMode = a.split.mode;
      stats = a.stats;
      // Step indices are positions (segmentSteps numbers them 0..n-1), as mergeTagEdits expects.
      const tags = mergeTagEdits(a.steps.map((s) => s.tags), edits);
      steps = a.steps.map((s, i) => ({
        index: s.index,
        start: s.start,
        end: s.end,
        autoTags: [...s.tags],
        tags: tags[i] ?? [],
        cues: s.cues.map((c) => ({
          tag: c.tag,
          cue: c.cue,
          start: c.start,
          end: c.end,
          weight: c.weight,
          explanation: options.cues.cue(c.tag, c.cue)?.note ?? `the cue "${c.cue}" is evidence for ${c.tag.replace('_', ' ')}`,
        })),
      }));
    } catch (e) {
      problems.push(`the trace could not be analysed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  let verdict: Verdict | null = null;
  let verdictNote: string | null = null;
  try {
    verdict = verifySample(sample);
    if (verdict === null) verdictNote = sample.response === null ? 'no response to verify' : 'no verdict';
  } catch (e) {
    verdictNote = `the verifier failed: ${e instanceof Error ? e.message : String(e)}`;
  }
  if (verdict && verdict.reference.status === 'unsupported') verdictNote = verdict.reference.reason;

  let board: SampleDetail['board'] = null;
  try {
    board = options.board?.(sample, verdict) ?? null;
  } catch (e) {
    problems.push(`the board could not be drawn: ${e instanceof Error ? e.message : String(e)}`);
  }

  return {
    imageSources,
    detail: {
      ordinal,
      id: sample.id,
      task: sample.task,
      difficulty: sample.difficulty,
      line: sample.source.line ?? null,
      contentHash: options.contentHash,
      question: sample.question ?? sample.questionText,
      images,
      response: sample.response,
      responseField: sample.responseField,
      think,
      answer,
      splitMode,
      steps,
      stats,
      groundTruth: sample.groundTruth,
      initialState: stringifyState(sample.initialState),
      verdict: verdict ? verdictView(verdict) : null,
      verdictNote,
      board,
      problems,
    },
  };
}
