/**
 * `helix-curate stats FILE --html OUT.html [--journal J ...] [--target-mix MIX.json]`: the dataset insight
 * (src/core/insight) as one self-contained page to share. Every sample is verified, analysed and hashed
 * (`sampleFacts`, contract A) in worker threads across cores (the lanes verify and tag use); the curators'
 * journals are merged (src/core/team) and each sample resolved against its current content hash; the
 * agreement figures (kappa on decisions and on step tags) come from the same team module as the curator's.
 *
 * The page inlines dist/report.js and dist/report.css (the webview/insight bundle, the codicon font as a
 * data: URI) and the report JSON, and carries a Content-Security-Policy that admits only those inline
 * pieces (by hash): it opens from file:// with no network. It is written to a temporary name and renamed
 * when complete.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { sampleFacts, type ListVerdict, type VerdictStatus } from '../core/facts';
import { buildInsight, checkTargetMix, InsightInputBuilder, InsightInputError, InsightReport, TargetMix } from '../core/insight';
import { JournalError } from '../core/journal';
import { openDataset } from '../core/readers/open';
import { DatasetError, formatWhere, RowError, type IndexEntry, type ReaderOptions } from '../core/readers/types';
import type { DatasetFormat } from '../core/sample';
import { decisionAgreement, readTeamJournals, tagAgreement, type AgreementReport, type TeamJournal } from '../core/team';
import { analyseTrace } from '../core/trace/analyse';
import type { CueSet } from '../core/trace/cues';
import { TAGS, type Tag } from '../core/trace/cueSchema';
import { runLaneWorker, spread, threadCount, type LaneMessage } from './lanes';
import { indexWithProgress, Progress } from './progress';
import { cueSetFor } from './tag';

/** Files with fewer samples than this are analysed on the main thread (worker start-up would dominate). */
const INLINE_BELOW = 2000;

// ---------------------------------------------------------------------------------------------------
// The self-contained page

export interface InsightHtmlOptions {
  title: string;
  /** When the report was computed (ISO 8601 string or a Date). */
  generatedAt: string | Date;
  /** The dataset, as the page names it (default: the title). */
  source?: string;
  /** The folder holding report.js, report.css and the files its CSS loads (default: the built dist/). */
  assetsDir?: string;
}

/** Where the bundled report.js is: beside the CLI bundle (dist/cli.js), or dist/ seen from src/cli. */
function defaultAssetsDir(): string {
  const candidates = [__dirname, path.resolve(__dirname, '../../dist')];
  const found = candidates.find((d) => fs.existsSync(path.join(d, 'report.js')) && fs.existsSync(path.join(d, 'report.css')));
  if (!found) throw new Error(`the report page's script is missing (looked for report.js and report.css in ${candidates.join(' and ')}): run \`npm run build\``);
  return found;
}

const FONT_TYPES: Record<string, string> = { '.ttf': 'font/ttf', '.woff': 'font/woff', '.woff2': 'font/woff2', '.svg': 'image/svg+xml', '.png': 'image/png' };

/** The CSS with every `url(...)` to a file beside it replaced by a data: URI (the codicon font). */
function inlineCssUrls(css: string, dir: string): string {
  return css.replace(/url\((['"]?)([^'")]+)\1\)/g, (whole, _q: string, ref: string) => {
    if (/^(data:|#)/.test(ref)) return whole;
    const name = ref.replace(/[?#].*$/, '');
    const type = FONT_TYPES[path.extname(name).toLowerCase()];
    const file = path.join(dir, path.basename(name));
    if (!type || !fs.existsSync(file)) throw new Error(`report.css loads ${ref}, which is not in ${dir}`);
    return `url("data:${type};base64,${fs.readFileSync(file).toString('base64')}")`;
  });
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);

/** JSON for a `<script type="application/json">`: no `<` (so no `</script>` and no `<!--`) in the text. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

const sha256 = (s: string): string => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`;

/**
 * One HTML page showing `report`, needing nothing else: the insight bundle's script and stylesheet inline,
 * the report JSON in `#report-data` (checked against the schema first), a light theme by default and a dark
 * one under prefers-color-scheme. Its CSP allows exactly the inline script and style (by hash) and data:
 * fonts, and no connection anywhere.
 */
export function renderInsightHtml(report: InsightReport, options: InsightHtmlOptions): string {
  const checked = InsightReport.parse(report);
  const dir = options.assetsDir ?? defaultAssetsDir();
  // `</script` / `</style` would end the element early; `<\/` means the same to JavaScript and CSS.
  const js = fs.readFileSync(path.join(dir, 'report.js'), 'utf8').replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
  const css = inlineCssUrls(fs.readFileSync(path.join(dir, 'report.css'), 'utf8'), dir).replace(/<\/(style)/gi, '<\\/$1');
  const generatedAt = typeof options.generatedAt === 'string' ? options.generatedAt : options.generatedAt.toISOString();
  const meta = { title: options.title, generatedAt, ...(options.source !== undefined ? { source: options.source } : {}) };
  const csp = ["default-src 'none'", `script-src ${sha256(js)}`, `style-src ${sha256(css)}`, 'font-src data:', 'img-src data:', "base-uri 'none'", "form-action 'none'"].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta name="generator" content="helix-curate stats --html">
<title>${escapeHtml(options.title)}</title>
<style>${css}</style>
</head>
<body>
<div id="root"></div>
<script type="application/json" id="report-meta">${jsonForScript(meta)}</script>
<script type="application/json" id="report-data">${jsonForScript(checked)}</script>
<script>${js}</script>
</body>
</html>
`;
}

// ---------------------------------------------------------------------------------------------------
// The target mix file

/** Read `--target-mix FILE.json`: 'uniform' (the JSON string) or {tasks?, difficulties?} weights. Throws naming the file. */
export function loadTargetMix(file: string): TargetMix {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new InsightInputError(`${file}: cannot read the target mix (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new InsightInputError(`${file}: not JSON (${(e as Error).message})`);
  }
  const parsed = TargetMix.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InsightInputError(`${file}: not a target mix ('uniform' or {"tasks": {task: weight}, "difficulties": {"1": weight, ...}}): ${issue.path.join('.') || '(top)'}: ${issue.message}`);
  }
  try {
    checkTargetMix(parsed.data);
  } catch (e) {
    throw new InsightInputError(`${file}: ${(e as Error).message}`);
  }
  return parsed.data;
}

// ---------------------------------------------------------------------------------------------------
// Facts for every sample, in worker threads

/** What the main thread needs of one sample (workers build it). */
export interface InsightRecord {
  ordinal: number;
  id: string;
  task: string | null;
  difficulty: string | null;
  verdict: ListVerdict;
  reference: VerdictStatus | null;
  strict: VerdictStatus | null;
  /** Steps per tag, TAGS order. */
  tags: number[];
  chars: number;
  steps: number;
  firstReflection: number | null;
  /** contentHash of the sample; null when the row cannot be read. */
  hash: string | null;
  /** The tagger's tags per step, for samples several curators decided (step-tag agreement); else null. */
  stepTags: Tag[][] | null;
  /** The row cannot be read: the message with file and line. */
  error: string | null;
}

export interface InsightWorkerRequest {
  kind: 'helix-insight';
  cuesFile: string | undefined;
  file: string;
  reader: ReaderOptions & { format?: DatasetFormat };
  entries: IndexEntry[];
  /** Ids whose step tags are wanted (see InsightRecord.stepTags). */
  stepIds: string[];
}
export type InsightWorkerMessage = LaneMessage<InsightRecord>;

async function factsOfEntries(
  file: string,
  reader: ReaderOptions & { format?: DatasetFormat },
  entries: readonly IndexEntry[],
  cues: CueSet,
  stepIds: ReadonlySet<string>,
  onRecord: (r: InsightRecord) => void,
  signal?: AbortSignal,
): Promise<void> {
  const r = openDataset(file, reader);
  try {
    for (const entry of entries) {
      if (signal?.aborted) return;
      const bad = (message: string): void =>
        onRecord({ ordinal: entry.ordinal, id: entry.id, task: entry.task, difficulty: entry.difficulty, verdict: 'error', reference: null, strict: null, tags: TAGS.map(() => 0), chars: 0, steps: 0, firstReflection: null, hash: null, stepTags: null, error: message });
      if (entry.error) {
        bad(`${file}${formatWhere(entry.line !== undefined ? { line: entry.line } : { ordinal: entry.ordinal })}: ${entry.error}`);
        continue;
      }
      try {
        const sample = await r.loadSample(entry);
        const f = sampleFacts(sample, cues);
        let stepTags: Tag[][] | null = null;
        if (sample.response !== null && stepIds.has(sample.id)) {
          try {
            stepTags = analyseTrace(sample.response, cues).steps.map((s) => s.tags);
          } catch {
            // Left out of the step-tag agreement, as the curator does.
          }
        }
        onRecord({
          ordinal: entry.ordinal,
          id: f.id,
          task: f.task,
          difficulty: f.difficulty,
          verdict: f.verdict,
          reference: f.reference,
          strict: f.strict,
          tags: TAGS.map((t) => f.tags[t]),
          chars: f.chars,
          steps: f.steps,
          firstReflection: f.firstReflection,
          hash: f.hash,
          stepTags,
          error: null,
        });
      } catch (e) {
        if (!(e instanceof RowError)) throw e;
        bad(e.message);
      }
    }
  } finally {
    await r.close();
  }
}

/** The body of an insight worker thread. */
export function runInsightWorker(request: InsightWorkerRequest, post: (m: InsightWorkerMessage) => void): Promise<void> {
  return runLaneWorker<InsightRecord>(post, 256, (emit) => factsOfEntries(request.file, request.reader, request.entries, cueSetFor(request.cuesFile), new Set(request.stepIds), emit));
}

// ---------------------------------------------------------------------------------------------------
// The run

export interface InsightRunOptions {
  file: string;
  /** Journal files to merge (missing ones read as empty). */
  journals: readonly string[];
  targetMix?: TargetMix;
  cuesFile?: string;
  workers: number | undefined;
  quiet: boolean;
  reader: ReaderOptions & { format?: DatasetFormat };
  err: NodeJS.WritableStream;
  signal?: AbortSignal;
  /** The script a worker thread runs (the bundled CLI itself); undefined: the main thread only. */
  workerScript: string | undefined;
}

export interface InsightRun {
  report: InsightReport;
  samples: number;
  /** Rows that could not be read (counted as verdict error). */
  unreadable: number;
  /** Journal lines that could not be read, as messages naming file and line. */
  journalProblems: string[];
  /** Decided sample ids that are not in the dataset. */
  unknownIds: number;
  curators: string[];
  cancelled: boolean;
}

/** Curators with at least one vote on the sample (who may enter the step-tag agreement). */
function multiVoteIds(team: TeamJournal): string[] {
  const curators = team.curators();
  return team.sampleIds().filter((id) => curators.filter((c) => team.voteOf(id, c) !== 'clear').length >= 2);
}

/** Facts for every sample, the journals merged and resolved, the insight report built. */
export async function computeInsight(o: InsightRunOptions): Promise<InsightRun> {
  const cues = cueSetFor(o.cuesFile);
  let team: TeamJournal;
  try {
    team = await readTeamJournals(o.journals);
  } catch (e) {
    if (e instanceof JournalError) throw new DatasetError(e.file, `cannot read the journal: ${e.detail}`);
    throw e;
  }
  const journalProblems = team.problems.flatMap((p) => p.problems.map((q) => `${p.path}: ${q.message}`));

  const reader = openDataset(o.file, o.reader);
  const index = await indexWithProgress(reader, o).finally(() => reader.close());
  for (const e of index.fileErrors) o.err.write(`${o.file}: ${e}\n`);

  const stepIds = multiVoteIds(team);
  const stepIdSet = new Set(stepIds);
  const builder = new InsightInputBuilder();
  const taskOf = new Map<string, string | null>();
  const stepTags = new Map<string, Tag[][]>();
  const seen = new Set<string>();
  let unreadable = 0;
  let done = 0;
  const aprogress = new Progress('analysing', !o.quiet);
  const accept = (r: InsightRecord): void => {
    if (r.error !== null) {
      unreadable++;
      o.err.write(`${r.error}\n`);
    }
    const res = team.resolve(r.id, r.hash ?? undefined);
    builder.add(
      {
        task: r.task,
        difficulty: r.difficulty,
        verdict: r.verdict,
        reference: r.reference,
        strict: r.strict,
        tags: Object.fromEntries(TAGS.map((t, k) => [t, r.tags[k] ?? 0])) as Record<Tag, number>,
        chars: r.chars,
        steps: r.steps,
        firstReflection: r.firstReflection,
        resolution: res.status,
        decision: res.decision,
        stale: res.stale,
      },
      `sample ${r.id}`,
    );
    if (!taskOf.has(r.id)) taskOf.set(r.id, r.task);
    if (r.stepTags) stepTags.set(r.id, r.stepTags);
    seen.add(r.id);
    done++;
    aprogress.update(done, index.entries.length, 'samples');
  };

  const threads = threadCount(o.workerScript, index.entries.length, INLINE_BELOW, o.workers);
  try {
    await spread<InsightWorkerRequest, InsightRecord>(index.entries, threads, {
      workerScript: o.workerScript!,
      signal: o.signal,
      request: (lane) => ({ kind: 'helix-insight', cuesFile: o.cuesFile === undefined ? undefined : path.resolve(o.cuesFile), file: path.resolve(o.file), reader: o.reader, entries: lane, stepIds: stepIds }),
      inline: (entries) => factsOfEntries(o.file, o.reader, entries, cues, stepIdSet, accept, o.signal),
      onBatch: (batch) => {
        for (const r of batch) accept(r);
      },
    });
  } finally {
    aprogress.done();
  }

  // Agreement needs two curators who voted; the figures say so themselves when there are fewer.
  const curators = team.curators();
  let agreement: { decisions: AgreementReport; tags: AgreementReport } | undefined;
  if (stepIds.length > 0) {
    const task = (id: string): string | null => taskOf.get(id) ?? null;
    agreement = {
      decisions: decisionAgreement(team, { taskOf: task }),
      tags: tagAgreement(team, { taskOf: task, autoTags: (id) => stepTags.get(id) ?? null }),
    };
  }
  const report = buildInsight(builder.build({ ...(agreement ? { agreement } : {}), ...(o.targetMix ? { targetMix: o.targetMix } : {}) }));
  return {
    report,
    samples: index.entries.length,
    unreadable,
    journalProblems,
    unknownIds: team.sampleIds().filter((id) => !seen.has(id)).length,
    curators,
    cancelled: o.signal?.aborted ?? false,
  };
}

export interface StatsHtmlOptions extends InsightRunOptions {
  /** The page to write. */
  html: string;
  out: NodeJS.WritableStream;
  /** Default: now. */
  now?: Date;
  assetsDir?: string;
}

/** `stats --html`: compute, render and write the page atomically (nothing is written when cancelled). */
export async function runStatsHtml(o: StatsHtmlOptions): Promise<InsightRun> {
  const run = await computeInsight(o);
  for (const p of run.journalProblems) o.err.write(`${p}\n`);
  if (run.unknownIds > 0) o.err.write(`${run.unknownIds.toLocaleString('en-US')} decided sample ids in the journals are not in ${o.file} (left out)\n`);
  if (run.cancelled) return run;
  const html = renderInsightHtml(run.report, {
    title: `Dataset insight: ${path.basename(o.file)}`,
    source: path.basename(o.file),
    generatedAt: o.now ?? new Date(),
    ...(o.assetsDir ? { assetsDir: o.assetsDir } : {}),
  });
  const target = path.resolve(o.html);
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(tmp, html);
    fs.renameSync(tmp, target);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
  const r = run.report;
  o.out.write(
    `${o.html}: ${r.samples.toLocaleString('en-US')} samples (${run.unreadable.toLocaleString('en-US')} unreadable), ` +
      `${r.balance.accepted.toLocaleString('en-US')} accepted, ${run.curators.length} curator${run.curators.length === 1 ? '' : 's'}, ${(Buffer.byteLength(html) / 1024).toFixed(0)} KB\n`,
  );
  return run;
}
