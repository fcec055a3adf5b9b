/**
 * Row -> Sample. One normaliser for every row shape seen in this field:
 * - MM-HELIX benchmark rows: `id, category, images, question, question_text, answer, difficulty, metric_info, initial_state`
 * - the same with a `prediction` column (VLMEvalKit evaluation output)
 * - ShareGPT / LLaMA-Factory SFT rows: `messages` (role/content) or `conversations` (from/value) + `images`
 * - OpenAI chat rows: `messages` whose content is a list of parts (`text`, `image_url`)
 * - response rows: `response` (or `output`, `completion`) beside an `instance_id`
 * The row is validated with zod (wrong types give a RowError naming the field); fields the normaliser
 * does not consume are kept untouched in `extra`.
 */
import { z } from 'zod';
import { imageFromBase64, imageFromBytes, imageFromString, looksLikeBase64Image, type ImageContext } from './images';
import { parsePythonish } from './pyliteral';
import { RowError } from './readers/types';
import type { DatasetFormat, ImageRef, Message, Problem, RowKind, Sample, StoredVerdict } from './sample';

export const ID_KEYS = ['id', 'sample_id', 'uid', 'qid', 'question_id', 'instance_id', 'index', 'idx'] as const;
export const TASK_KEYS = ['category', 'task', 'task_name', 'task_type'] as const;
export const DIFFICULTY_KEYS = ['difficulty', 'level'] as const;
const QUESTION_KEYS = ['question', 'prompt', 'problem'] as const;
const ANSWER_KEYS = ['answer', 'ground_truth', 'gt_answer', 'gt'] as const;
const RESPONSE_KEYS = ['prediction', 'response', 'output', 'completion', 'model_output', 'generated_text'] as const;
/** Fields that carry a verdict, score or reward computed before the file reached us. */
export const VERDICT_KEYS = ['verdict', 'correct', 'is_correct', 'verified', 'hit', 'score', 'reward', 'accuracy', 'acc'] as const;
/** The keys the index pass extracts from each row without a full parse. */
export const HEAD_KEYS: ReadonlySet<string> = new Set<string>([...ID_KEYS, ...TASK_KEYS, ...DIFFICULTY_KEYS]);

function scalarToString(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  return null;
}

function firstKey(row: Record<string, unknown>, keys: readonly string[]): string | undefined {
  for (const k of keys) {
    const v = row[k];
    if (v !== undefined && v !== null && v !== '') return k;
  }
  return undefined;
}

export interface Identity {
  id: string;
  task: string | null;
  difficulty: string | null;
  idKey: string | undefined;
  taskKey: string | undefined;
  difficultyKey: string | undefined;
}

/**
 * Id, task and difficulty of a row. The index pass calls this on the few top-level scalar fields it
 * extracts, the normaliser on the full row: both must agree, so this is the one place that decides.
 */
export function identify(row: Record<string, unknown>, ordinal: number): Identity {
  const idKey = firstKey(row, ID_KEYS);
  const taskKey = firstKey(row, TASK_KEYS);
  const difficultyKey = firstKey(row, DIFFICULTY_KEYS);
  const id = (idKey && scalarToString(row[idKey])) || `#${ordinal + 1}`;
  const task = (taskKey && scalarToString(row[taskKey])) || null;
  const difficulty = (difficultyKey && scalarToString(row[difficultyKey])) || null;
  return {
    id,
    task,
    difficulty,
    idKey: idKey && scalarToString(row[idKey]) ? idKey : undefined,
    taskKey: task ? taskKey : undefined,
    difficultyKey: difficulty ? difficultyKey : undefined,
  };
}

// ---- zod schemas of the fields we consume (lenient: extra keys everywhere are fine) ----

const Scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const ImageStruct = z.looseObject({
  bytes: z.union([z.custom<Uint8Array>((v) => v instanceof Uint8Array, 'expected bytes'), z.string(), z.null()]).optional(),
  path: z.union([z.string(), z.null()]).optional(),
});
const ImageUrl = z.union([z.string(), z.looseObject({ url: z.string() })]);
const Bytes = z.custom<Uint8Array>((v) => v instanceof Uint8Array, 'expected bytes');
const ImageItem = z.union([z.string(), Bytes, ImageStruct, z.looseObject({ url: z.string() }), z.looseObject({ image_url: ImageUrl })]);
const ImagesField = z.union([z.null(), z.string(), Bytes, ImageStruct, z.array(z.union([ImageItem, z.null()]))]);
const ContentPart = z.looseObject({
  type: z.string(),
  text: z.string().optional(),
  image_url: ImageUrl.optional(),
  image: z.union([z.string(), ImageStruct]).optional(),
});
const RoleMessage = z.looseObject({
  role: z.string(),
  content: z.union([z.string(), z.array(ContentPart), z.null()]),
});
const ShareGptTurn = z.looseObject({ from: z.string(), value: z.union([z.string(), z.null()]) });

const KnownRow = z.looseObject({
  question: z.union([z.string(), z.null()]).optional(),
  question_text: z.union([z.string(), z.null()]).optional(),
  prompt: z.unknown().optional(),
  problem: z.unknown().optional(),
  answer: z.unknown().optional(),
  metric_info: z.union([z.string(), z.record(z.string(), z.unknown()), z.null()]).optional(),
  images: ImagesField.optional(),
  image: ImagesField.optional(),
  image_path: ImagesField.optional(),
  messages: z.union([z.array(RoleMessage), z.null()]).optional(),
  conversations: z.union([z.array(ShareGptTurn), z.null()]).optional(),
  prediction: z.union([Scalar]).optional(),
  response: z.union([Scalar]).optional(),
  id: z.union([z.string(), z.number(), z.bigint(), z.null()]).optional(),
  category: z.union([z.string(), z.null()]).optional(),
  difficulty: z.union([z.string(), z.number(), z.bigint(), z.null()]).optional(),
});

type KnownFields = z.infer<typeof KnownRow>;

const isStr = (v: unknown): boolean => typeof v === 'string';
const isFiniteNum = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v);
const isPlainObject = (v: unknown): v is Record<string, unknown> => {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
};
const absentOr = (v: unknown, ok: (x: unknown) => boolean): boolean => v === undefined || v === null || ok(v);
/** Images as most rows carry them: null, a string, or a list of strings (and nulls). */
const simpleImages = (v: unknown): boolean => absentOr(v, (x) => typeof x === 'string' || (Array.isArray(x) && x.every((i) => i === null || typeof i === 'string')));
const simpleMessages = (v: unknown): boolean =>
  absentOr(v, (x) => Array.isArray(x) && x.every((m) => isPlainObject(m) && typeof m['role'] === 'string' && (m['content'] === null || typeof m['content'] === 'string')));
const simpleConversations = (v: unknown): boolean =>
  absentOr(v, (x) => Array.isArray(x) && x.every((t) => isPlainObject(t) && typeof t['from'] === 'string' && (t['value'] === null || typeof t['value'] === 'string')));

/**
 * The common row shapes checked by hand, without zod (whose parse costs more than the rest of the
 * normalisation). Conservative: true only when KnownRow certainly accepts the row unchanged (its output
 * would equal the input for every field read); anything else goes through zod, which also words the errors.
 */
function fastKnownRow(r: Record<string, unknown>): KnownFields | null {
  const ok =
    absentOr(r['question'], isStr) &&
    absentOr(r['question_text'], isStr) &&
    absentOr(r['metric_info'], (x) => typeof x === 'string' || (isPlainObject(x) && !Array.isArray(x))) &&
    simpleImages(r['images']) &&
    simpleImages(r['image']) &&
    simpleImages(r['image_path']) &&
    simpleMessages(r['messages']) &&
    simpleConversations(r['conversations']) &&
    absentOr(r['prediction'], (x) => typeof x === 'string' || typeof x === 'boolean' || isFiniteNum(x)) &&
    absentOr(r['response'], (x) => typeof x === 'string' || typeof x === 'boolean' || isFiniteNum(x)) &&
    absentOr(r['id'], (x) => typeof x === 'string' || typeof x === 'bigint' || isFiniteNum(x)) &&
    absentOr(r['category'], isStr) &&
    absentOr(r['difficulty'], (x) => typeof x === 'string' || typeof x === 'bigint' || isFiniteNum(x));
  return ok ? r : null;
}

/** The most specific issue: inside a union, the branch that got furthest into the value. */
function deepestIssue(issues: readonly z.core.$ZodIssue[]): z.core.$ZodIssue | undefined {
  let best: z.core.$ZodIssue | undefined;
  for (const issue of issues) {
    let candidate = issue;
    if (issue.code === 'invalid_union') {
      const inner = deepestIssue(issue.errors.flat());
      if (inner && inner.path.length > 0) candidate = { ...inner, path: [...issue.path, ...inner.path] };
    }
    if (!best || candidate.path.length > best.path.length) best = candidate;
  }
  return best;
}

function valueAt(row: unknown, p: readonly PropertyKey[]): unknown {
  let v = row;
  for (const k of p) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

/** What a failed issue wanted, in words: the union of the branch types at that place. */
function expectedTypes(issue: z.core.$ZodIssue): string[] {
  if (issue.code === 'invalid_type') return [issue.expected === 'custom' ? 'bytes' : issue.expected];
  if (issue.code === 'invalid_union') {
    const out = new Set<string>();
    for (const branch of issue.errors) {
      for (const inner of branch) {
        if (inner.path.length === 0) for (const t of expectedTypes(inner)) out.add(t);
        else out.add('object');
      }
    }
    return [...out];
  }
  return [];
}

function zodMessage(error: z.ZodError, row: unknown): string {
  const issue = deepestIssue(error.issues);
  if (!issue) return 'invalid row';
  const where = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
  const expected = expectedTypes(issue);
  const got = typeName(valueAt(row, issue.path));
  const what = expected.length > 0 ? `expected ${expected.join(' or ')}, got ${got === 'undefined' ? 'nothing' : got}` : issue.message;
  return `field \`${where || '(row)'}\` has the wrong type: ${what}`;
}

export function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (v instanceof Uint8Array) return 'bytes';
  return typeof v;
}

export interface RowContext {
  file: string;
  format: DatasetFormat;
  datasetDir: string;
  ordinal: number;
  line?: number;
  byteStart?: number;
  byteEnd?: number;
  rowGroup?: number;
  rowInGroup?: number;
  checkImages?: boolean;
}

function normRole(role: string): Message['role'] {
  const r = role.toLowerCase();
  if (r === 'user' || r === 'human') return 'user';
  if (r === 'assistant' || r === 'gpt' || r === 'model' || r === 'bot' || r === 'chatbot') return 'assistant';
  if (r === 'system') return 'system';
  if (r === 'tool' || r === 'function' || r === 'observation' || r === 'ipython') return 'tool';
  return 'other';
}

function readStoredVerdict(field: string, value: unknown): StoredVerdict {
  let pass: boolean | null = null;
  if (typeof value === 'boolean') pass = value;
  else if (typeof value === 'number' && Number.isFinite(value)) pass = value > 0;
  else if (typeof value === 'bigint') pass = value > 0n;
  else if (typeof value === 'string') {
    const s = value.trim().toLowerCase();
    if (['true', 'yes', 'y', 'correct', 'pass', 'passed', 'right', '1', '1.0'].includes(s)) pass = true;
    else if (['false', 'no', 'n', 'incorrect', 'wrong', 'fail', 'failed', '0', '0.0'].includes(s)) pass = false;
    else if (s !== '' && Number.isFinite(Number(s))) pass = Number(s) > 0;
  }
  return { field, value, pass };
}

function decodeMetricInfo(v: unknown): Record<string, unknown> | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  if (typeof v === 'string') {
    const decoded = parsePythonish(v);
    if (decoded && typeof decoded === 'object' && !Array.isArray(decoded)) return decoded as Record<string, unknown>;
  }
  return null;
}

/** `['a.png', 'b.png']` written as a string (VLMEvalKit's image_path column), else null. */
function stringList(s: string): string[] | null {
  const t = s.trim();
  if (!t.startsWith('[')) return null;
  const v = parsePythonish(t);
  return Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : null;
}

function collectImages(raw: unknown, ctx: ImageContext, out: ImageRef[]): void {
  if (raw === null || raw === undefined) return;
  if (raw instanceof Uint8Array) {
    if (raw.length > 0) out.push(imageFromBytes(raw));
    return;
  }
  if (Array.isArray(raw)) {
    for (const item of raw) collectImages(item, ctx, out);
    return;
  }
  if (typeof raw === 'string') {
    const list = looksLikeBase64Image(raw) ? null : stringList(raw);
    if (list) for (const s of list) out.push(imageFromString(s, ctx));
    else if (raw.trim() !== '') out.push(imageFromString(raw, ctx));
    return;
  }
  if (typeof raw === 'object') {
    const o = raw as Record<string, unknown>;
    const p = typeof o['path'] === 'string' ? o['path'] : null;
    if (o['bytes'] instanceof Uint8Array && o['bytes'].length > 0) out.push(imageFromBytes(o['bytes'], p));
    else if (typeof o['bytes'] === 'string' && o['bytes'] !== '') out.push(imageFromBase64(o['bytes'], p));
    else if (p) out.push(imageFromString(p, ctx));
    else if (o['url'] !== undefined) collectImages(o['url'], ctx, out);
    else if (o['image_url'] !== undefined) collectImages(o['image_url'], ctx, out);
  }
}

function normaliseMessages(
  rawMessages: Array<z.infer<typeof RoleMessage>> | null | undefined,
  rawConversations: Array<z.infer<typeof ShareGptTurn>> | null | undefined,
  imageCtx: ImageContext,
  partImages: ImageRef[],
): { messages: Message[] | null; openai: boolean } {
  if (rawMessages) {
    let openai = false;
    const messages = rawMessages.map((m): Message => {
      let content: string;
      if (typeof m.content === 'string') content = m.content;
      else if (m.content === null) content = '';
      else {
        openai = true;
        content = m.content
          .map((part) => {
            if (part.type === 'text' || part.type === 'input_text') return part.text ?? '';
            if (part.type === 'image_url' || part.type === 'image' || part.type === 'input_image') {
              collectImages(part.image_url ?? part.image ?? null, imageCtx, partImages);
              return '<image>';
            }
            return part.text ?? '';
          })
          .join('');
      }
      const role = normRole(m.role);
      const msg: Message = { role, content };
      if (role === 'other' || m.role !== role) msg.rawRole = m.role;
      return msg;
    });
    return { messages, openai };
  }
  if (rawConversations) {
    const messages = rawConversations.map((t): Message => {
      const role = normRole(t.from);
      const msg: Message = { role, content: t.value ?? '' };
      if (t.from !== role) msg.rawRole = t.from;
      return msg;
    });
    return { messages, openai: false };
  }
  return { messages: null, openai: false };
}

/** Chat columns stored as JSON or Python-literal text (TSV/CSV, some Parquet exports) are decoded to lists. */
function decodeTextChat(row: Record<string, unknown>): Record<string, unknown> {
  let out = row;
  for (const k of ['messages', 'conversations']) {
    const v = row[k];
    if (typeof v === 'string' && v.trimStart().startsWith('[')) {
      const decoded = parsePythonish(v);
      if (Array.isArray(decoded)) {
        if (out === row) out = { ...row };
        out[k] = decoded;
      }
    }
  }
  return out;
}

/** Normalise one decoded row. Throws RowError when the row is not an object or a known field has the wrong type. */
export function normalizeRow(row: unknown, ctx: RowContext): Sample {
  const whereClean: { line?: number; ordinal?: number } = ctx.line !== undefined ? { line: ctx.line } : { ordinal: ctx.ordinal };
  if (row === null || typeof row !== 'object' || Array.isArray(row) || row instanceof Uint8Array) {
    throw new RowError(ctx.file, whereClean, `expected a JSON object for a sample, got ${typeName(row)}`);
  }
  const r = decodeTextChat(row as Record<string, unknown>);
  let known = fastKnownRow(r);
  if (known === null) {
    const parsed = KnownRow.safeParse(r);
    if (!parsed.success) throw new RowError(ctx.file, whereClean, zodMessage(parsed.error, r));
    known = parsed.data;
  }
  const consumed = new Set<string>();
  const take = (k: string | undefined): unknown => {
    if (k === undefined) return undefined;
    consumed.add(k);
    return r[k];
  };
  const problems: Problem[] = [];
  const imageCtx: ImageContext = { datasetDir: ctx.datasetDir, checkExists: ctx.checkImages ?? true };

  const ident = identify(r, ctx.ordinal);
  take(ident.idKey);
  take(ident.taskKey);
  take(ident.difficultyKey);

  // Messages first: OpenAI content parts may carry images.
  const partImages: ImageRef[] = [];
  const { messages, openai } = normaliseMessages(known.messages, known.conversations, imageCtx, partImages);
  if (known.messages) consumed.add('messages');
  else if (known.conversations) consumed.add('conversations');

  // Images: `images` (MM-HELIX, LLaMA-Factory, HF), else `image` (VLMEvalKit base64 / single path), else `image_path`.
  const images: ImageRef[] = [];
  const imageKey = firstKey(r, ['images', 'image', 'image_path', 'image_paths']);
  collectImages(take(imageKey), imageCtx, images);
  images.push(...partImages);
  images.forEach((img, i) => {
    if (img.error) problems.push({ severity: 'error', field: `images[${i}]`, message: img.error });
  });

  const question = take(firstKey(r, QUESTION_KEYS));
  const questionText = take(r['question_text'] !== undefined ? 'question_text' : undefined);
  const firstUser = messages?.find((m) => m.role === 'user');
  const groundTruthRaw = take(firstKey(r, ANSWER_KEYS));
  let groundTruth: string | null = null;
  if (groundTruthRaw !== undefined && groundTruthRaw !== null) {
    groundTruth = typeof groundTruthRaw === 'string' ? groundTruthRaw : scalarToString(groundTruthRaw) ?? JSON.stringify(groundTruthRaw);
  }

  const initialState = take('initial_state');
  const metricRaw = take('metric_info');
  const metricInfo = decodeMetricInfo(metricRaw);
  if (metricRaw !== undefined && metricRaw !== null && metricRaw !== '' && metricInfo === null) {
    problems.push({ severity: 'warning', field: 'metric_info', message: 'metric_info is not a dict (the reference then uses simple_str_match)' });
  }
  const sf = metricInfo?.['score_function'];
  const scoreFunction = typeof sf === 'string' ? sf : null;

  // The response: an explicit column wins; else the last assistant message.
  let response: string | null = null;
  let responseField: string | null = null;
  let kind: RowKind = 'unknown';
  // An empty response ("") is still the response; a null one is not.
  const responseKey = RESPONSE_KEYS.find((k) => r[k] !== undefined && r[k] !== null);
  if (responseKey !== undefined) {
    response = scalarToString(take(responseKey));
    responseField = responseKey;
  }
  if (response === null && messages) {
    for (let i = messages.length - 1; i >= 0; i--) {
      if (messages[i]!.role === 'assistant') {
        response = messages[i]!.content;
        responseField = `messages[${i}]`;
        break;
      }
    }
  }
  if (messages) kind = openai ? 'openai' : 'sharegpt';
  else if (responseKey === 'prediction' || r['prediction'] !== undefined) kind = 'evaluation';
  else if (responseKey !== undefined) kind = 'response';
  else if (ident.task !== null && (groundTruthRaw !== undefined || question !== undefined)) kind = 'benchmark';

  const verdictKey = firstKey(r, VERDICT_KEYS);
  const storedVerdict = verdictKey !== undefined ? readStoredVerdict(verdictKey, take(verdictKey)) : null;

  if (messages) {
    const tokenCount = messages.reduce((n, m) => n + (m.content.match(/<image>/g)?.length ?? 0), 0);
    if (tokenCount !== images.length && !(tokenCount === 0 && !openai)) {
      problems.push({
        severity: 'warning',
        field: 'images',
        message: `${tokenCount} <image> token${tokenCount === 1 ? '' : 's'} in the messages but ${images.length} image${images.length === 1 ? '' : 's'}`,
      });
    }
  }

  const extra: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r)) if (!consumed.has(k)) extra[k] = v;

  const source: Sample['source'] = { file: ctx.file, format: ctx.format, ordinal: ctx.ordinal };
  if (ctx.line !== undefined) source.line = ctx.line;
  if (ctx.byteStart !== undefined) source.byteStart = ctx.byteStart;
  if (ctx.byteEnd !== undefined) source.byteEnd = ctx.byteEnd;
  if (ctx.rowGroup !== undefined) source.rowGroup = ctx.rowGroup;
  if (ctx.rowInGroup !== undefined) source.rowInGroup = ctx.rowInGroup;

  return {
    id: ident.id,
    task: ident.task,
    difficulty: ident.difficulty,
    kind,
    question: scalarToString(question) ?? firstUser?.content ?? null,
    questionText: scalarToString(questionText),
    images,
    groundTruth,
    initialState: initialState ?? null,
    metricInfo,
    scoreFunction,
    response,
    responseField,
    messages,
    storedVerdict,
    extra,
    problems,
    source,
  };
}
