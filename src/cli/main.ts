/**
 * `helix-curate`: the command-line face of Helix Curator, a thin layer over src/core.
 */
import { parseArgs } from 'node:util';
import { openDataset } from '../core/readers/open';
import { DatasetError, RowError, type DatasetIndex, type DatasetReader, type IndexEntry } from '../core/readers/types';
import { Decision } from '../core/journal';
import { DATASET_FORMATS, type DatasetFormat } from '../core/sample';
import { sampleToJson } from '../core/sampleJson';
import { computeStats, DatasetStats } from '../core/stats';
import { CueFileError } from '../core/trace/cues';
import { InsightInputError } from '../core/insight';
import { discoverJournals } from '../core/team';
import { EXPORT_HELP, runExportCli } from './export';
import { indexWithProgress, Progress } from './progress';
import { renderSample, renderStats } from './render';
import { loadTargetMix, runStatsHtml } from './report';
import { defaultCurator, runDecide } from './decide';
import { cueSetFor, runTag } from './tag';
import { runVerify } from './verify';

/** Exit codes scripts can rely on (also listed in `--help` and the README). */
export const EXIT = {
  ok: 0,
  /** The command completed, but the data has bad rows or a file-level error (stats, verify, tag). */
  badRows: 1,
  usage: 2,
  /** The file cannot be read as a dataset (missing, unknown format, not Parquet, ...). */
  unreadable: 3,
  /** `show`: no sample with that id or number. */
  notFound: 4,
  /** `show`: the sample exists but its row cannot be read (malformed, invalid UTF-8, too large). */
  badSample: 5,
  /** Ctrl-C stopped the run (no output file is left behind). */
  cancelled: 130,
  internal: 70,
} as const;

const VERSION = '0.1.0';

const HELP = `helix-curate ${VERSION}: curate multimodal reasoning-trace datasets (MM-HELIX and friends)

Usage:
  helix-curate stats FILE [--json] [--index-only] [--format F] [--quiet]
      Format, samples, counts per task x difficulty, response lengths, stored verdicts,
      image problems, duplicate ids and bad rows with their line numbers.
  helix-curate stats FILE --html OUT.html [--journal J ...] [--target-mix MIX.json] [--workers N] [--cues CUES.json]
      The dataset insight as one self-contained page (no network needed): pass rates per task and
      difficulty, reference vs strict verdicts, mismatches, reflection tags and where they come,
      trace lengths, the curators' decisions and agreement (kappa), and the balance of the accepted
      set against a target mix. Every sample is verified and tagged. --journal: the curators'
      journals to merge (default: the journals found beside FILE). --target-mix: a JSON file,
      "uniform" or {"tasks": {"maze": 2, ...}, "difficulties": {"1": 1, ...}} (unlisted: weight 0).
  helix-curate show FILE ID|#N [--json] [--with-bytes] [--format F]
      One sample, normalised. #N is the N-th sample (1-based).
  helix-curate verify FILE [--mode reference|strict] [--json] [--workers N] [-o OUT]
      Verify every sample with a response with its MM-HELIX task verifier (both modes are always
      computed; --mode picks the one reported as "verdict"). --workers N: threads that verify
      (the main thread included; default one per core). --json: one line per sample
      {id, task, verdict, strict, extracted, extractedSpan, rule, reason, mismatch, ...}; then a
      per-task and per-group accuracy table (stderr with --json). -o writes the lines to OUT,
      atomically (Ctrl-C leaves no half-written file).
  helix-curate tag FILE [--json] [--cues CUES.json] [--workers N]
      Split every response into thinking and answer, cut the thinking into steps at blank lines,
      tag each step with verification / backtracking / subgoal / backward_chaining / correction
      and measure the trace. --json: one line per sample {id, steps: [{index, start, end, tags,
      cues: [{tag, cue, start, end, weight}]}], stats}; start/end are Unicode code point offsets
      (Python string offsets) into the sample's response (the last assistant message or the
      prediction), converted by src/core/trace/offsets.ts. Without --json: a summary table per
      task and difficulty. --cues: a cue file replacing the shipped media/cues/default.json (or
      extending it with "extends": "default").
${EXPORT_HELP}
  helix-curate decide FILE (--ids a,b,c | --where EXPR) accept|reject|flag|clear [--journal J]
                      [--note TEXT] [--curator NAME] [--adjudicate] [--dry-run] [--json] [--workers N]
      Record one decision on many samples, as the curator does (content hash, tag edits and note
      carried over). --journal: default the dataset's journal beside FILE. --curator: default
      $HELIX_CURATOR, else the OS user. --ids: unknown ids are an error and nothing is decided.
      --where: an expression such as 'verdict == pass and backtracks >= 2' or
      'task in (maze, sudoku) && !mismatch'; fields: id, task, difficulty, verdict, reference,
      strict, mismatch, lenient, revised, tags.<tag> (or the bare tag name: verification,
      backtracking, subgoal, backward_chaining, correction), reflections, backtracks, steps,
      chars (length), tokens, images, decision (yours: accept/reject/flag/undecided), agreement
      (the team's: undecided/single/agreed/conflict/adjudicated); and/or/not (&& || !), == != < <=
      > >=, in (a, b). Verdict and tag fields verify and tag every sample (worker threads).
      Samples that already carry the decision are left alone. --adjudicate: the team's final
      decision (a ruling). --dry-run: list what would be decided. --json: one summary object.

Files: .jsonl, .json (array), .parquet, .tsv, .csv (detected from extension and content).
Options:
  --json          machine-readable output on stdout (progress and messages go to stderr)
  --index-only    stats from the index pass alone (fast; no response lengths or verdicts)
  --format F      force the format: ${DATASET_FORMATS.join(', ')}
  --max-row-mb N  rows larger than N MiB are reported instead of read (default 32)
  --workers N     verify/tag: threads that work, the main thread included (default one per core;
                  0 or 1: the main thread only)
  --no-image-check  do not check image files (that they exist and are PNG, JPEG, GIF, WebP or BMP
                  images of at most 64 megapixels)
  --quiet         no progress on stderr

Exit codes: 0 ok; 1 stats/verify/tag found unreadable rows or a file-level error (e.g. a JSON
            array cut off: the rows after it are lost); 2 usage error (tag: also a cue
            file that cannot be read or is invalid; decide: a bad --where); 3 file unreadable (decide:
            also a journal that cannot be read or appended to); 4 sample not found (decide: unknown --ids);
            5 the sample's row is malformed; 70 internal error; 130 cancelled (Ctrl-C).
`;

class UsageError extends Error {}

interface Common {
  json: boolean;
  quiet: boolean;
  format: DatasetFormat | undefined;
  maxRowBytes: number | undefined;
  checkImages: boolean;
}

function parseCommon(values: Record<string, string | boolean | string[] | undefined>): Common {
  const format = values['format'];
  if (format !== undefined && (typeof format !== 'string' || !(DATASET_FORMATS as readonly string[]).includes(format))) {
    throw new UsageError(`--format must be one of ${DATASET_FORMATS.join(', ')}`);
  }
  const maxMb = values['max-row-mb'];
  let maxRowBytes: number | undefined;
  if (maxMb !== undefined) {
    const n = Number(maxMb);
    if (!Number.isFinite(n) || n <= 0) throw new UsageError('--max-row-mb must be a positive number');
    maxRowBytes = Math.round(n * 1024 * 1024);
  }
  return {
    json: values['json'] === true,
    quiet: values['quiet'] === true,
    format: format as DatasetFormat | undefined,
    maxRowBytes,
    checkImages: values['no-image-check'] !== true,
  };
}

const OPTIONS = {
  json: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  format: { type: 'string' },
  'max-row-mb': { type: 'string' },
  'no-image-check': { type: 'boolean' },
  'index-only': { type: 'boolean' },
  'with-bytes': { type: 'boolean' },
  mode: { type: 'string' },
  workers: { type: 'string' },
  output: { type: 'string', short: 'o' },
  cues: { type: 'string' },
  html: { type: 'string' },
  journal: { type: 'string', multiple: true },
  'target-mix': { type: 'string' },
  ids: { type: 'string' },
  where: { type: 'string' },
  note: { type: 'string' },
  curator: { type: 'string' },
  adjudicate: { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

/** The reader options of the common flags (--format, --max-row-mb, --no-image-check), for the batch commands. */
function readerOptions(c: Common): { format?: DatasetFormat; maxRowBytes?: number; checkImages: boolean } {
  return { ...(c.format ? { format: c.format } : {}), ...(c.maxRowBytes ? { maxRowBytes: c.maxRowBytes } : {}), checkImages: c.checkImages };
}

/** Ctrl-C and the worker script of a batch command (`--workers 0`: the main thread only). */
function laneRuntime(runtime: Runtime, workers: number | undefined): { signal?: AbortSignal; workerScript: string | undefined } {
  return { ...(runtime.signal ? { signal: runtime.signal } : {}), workerScript: workers === 0 ? undefined : runtime.workerScript };
}

function open(file: string, c: Common): DatasetReader {
  return openDataset(file, {
    ...(c.format ? { format: c.format } : {}),
    ...(c.maxRowBytes ? { maxRowBytes: c.maxRowBytes } : {}),
    checkImages: c.checkImages,
  });
}

function index(reader: DatasetReader, c: Common, extra: { onEntries?: (b: readonly IndexEntry[]) => void; signal?: AbortSignal } = {}): Promise<DatasetIndex> {
  return indexWithProgress(reader, { quiet: c.quiet, ...extra });
}

async function cmdStats(file: string, c: Common, indexOnly: boolean, out: NodeJS.WritableStream): Promise<number> {
  const reader = open(file, c);
  try {
    const idx = await index(reader, c);
    const progress = new Progress('reading samples', !c.quiet && !indexOnly);
    let stats: DatasetStats;
    try {
      stats = await computeStats(reader, idx, { full: !indexOnly, onProgress: (d, t) => progress.update(d, t, 'samples') });
    } finally {
      progress.done();
    }
    out.write(c.json ? `${JSON.stringify(DatasetStats.parse(stats))}\n` : renderStats(stats));
    return stats.bad > 0 || stats.fileErrors.length > 0 ? EXIT.badRows : EXIT.ok;
  } finally {
    await reader.close();
  }
}

async function cmdShow(file: string, key: string, c: Common, withBytes: boolean, out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const reader = open(file, c);
  try {
    const byNumber = /^#(\d+)$/.exec(key);
    const wantOrdinal = byNumber ? Number(byNumber[1]) - 1 : -1;
    if (byNumber && wantOrdinal < 0) throw new UsageError('#N counts from 1');
    let found: IndexEntry | undefined;
    // Stop the index pass as soon as the sample is found: `show` on a large file stays fast.
    const stop = new AbortController();
    try {
      await index(reader, c, {
        signal: stop.signal,
        onEntries: (batch) => {
          found ??= batch.find((e) => (byNumber ? e.ordinal === wantOrdinal : e.id === key));
          if (found) stop.abort();
        },
      });
    } catch (e) {
      if (!found) throw e;
    }
    if (!found) {
      err.write(`${file}: no sample ${byNumber ? `number ${wantOrdinal + 1}` : `with id "${key}"`}\n`);
      return EXIT.notFound;
    }
    try {
      const sample = await reader.loadSample(found);
      out.write(c.json ? `${JSON.stringify(sampleToJson(sample, { includeBytes: withBytes }))}\n` : renderSample(sample));
      return EXIT.ok;
    } catch (e) {
      if (e instanceof RowError) {
        err.write(`${e.message}\n`);
        return EXIT.badSample;
      }
      throw e;
    }
  } finally {
    await reader.close();
  }
}

/** What only the executable can provide: its own path for worker threads, and Ctrl-C. */
export interface Runtime {
  workerScript?: string;
  signal?: AbortSignal;
}

export async function main(argv: string[], out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr, runtime: Runtime = {}): Promise<number> {
  // `export` parses its own options (its --format is the output format).
  if (argv[0] === 'export') return runExportCli(argv.slice(1), out, err, runtime.signal);
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    err.write(`helix-curate: ${(e as Error).message}\n\n${HELP}`);
    return EXIT.usage;
  }
  const { values, positionals } = parsed;
  if (values.version) {
    out.write(`${VERSION}\n`);
    return EXIT.ok;
  }
  const [command, ...args] = positionals;
  if (values.help || command === undefined || command === 'help') {
    (command === undefined && !values.help ? err : out).write(HELP);
    return command === undefined && !values.help ? EXIT.usage : EXIT.ok;
  }
  try {
    const c = parseCommon(values);
    switch (command) {
      case 'stats': {
        if (args.length !== 1) throw new UsageError('stats takes one FILE');
        const html = values['html'];
        if (html === undefined) {
          if (values['journal'] || values['target-mix']) throw new UsageError('--journal and --target-mix go with --html OUT.html');
          return await cmdStats(args[0]!, c, values['index-only'] === true, out);
        }
        if (values['index-only'] || c.json) throw new UsageError('--html writes the full insight page: not with --index-only or --json');
        let workers: number | undefined;
        if (values['workers'] !== undefined) {
          workers = Number(values['workers']);
          if (!Number.isInteger(workers) || workers < 0) throw new UsageError('--workers must be a whole number (threads that analyse, the main thread included; 0 or 1: the main thread only)');
        }
        let targetMix;
        try {
          targetMix = values['target-mix'] === undefined ? undefined : loadTargetMix(values['target-mix']);
        } catch (e) {
          if (e instanceof InsightInputError) throw new UsageError(e.message);
          throw e;
        }
        const cuesFile = values['cues'];
        cueSetFor(cuesFile); // a bad cue file is a usage error before the dataset is read
        const run = await runStatsHtml({
          file: args[0]!,
          html,
          journals: values['journal'] ?? (await discoverJournals(args[0]!)),
          ...(targetMix ? { targetMix } : {}),
          ...(cuesFile !== undefined ? { cuesFile } : {}),
          workers,
          quiet: c.quiet,
          reader: readerOptions(c),
          out,
          err,
          ...laneRuntime(runtime, workers),
        });
        if (run.cancelled) return EXIT.cancelled;
        return run.unreadable > 0 ? EXIT.badRows : EXIT.ok;
      }
      case 'show': {
        if (args.length !== 2) throw new UsageError('show takes FILE and ID (or #N)');
        return await cmdShow(args[0]!, args[1]!, c, values['with-bytes'] === true, out, err);
      }
      case 'verify': {
        if (args.length !== 1) throw new UsageError('verify takes one FILE');
        const mode = values['mode'] ?? 'reference';
        if (mode !== 'reference' && mode !== 'strict') throw new UsageError('--mode must be reference or strict');
        let workers: number | undefined;
        if (values['workers'] !== undefined) {
          workers = Number(values['workers']);
          if (!Number.isInteger(workers) || workers < 0) throw new UsageError('--workers must be a whole number (threads that verify, the main thread included; 0 or 1: the main thread only)');
        }
        const summary = await runVerify({
          file: args[0]!,
          mode,
          json: c.json,
          workers,
          output: values['output'],
          quiet: c.quiet,
          reader: readerOptions(c),
          out,
          err,
          ...laneRuntime(runtime, workers),
        });
        if (summary.cancelled) return EXIT.cancelled;
        return summary.unreadable > 0 || summary.fileErrors > 0 ? EXIT.badRows : EXIT.ok;
      }
      case 'tag': {
        if (args.length !== 1) throw new UsageError('tag takes one FILE');
        let workers: number | undefined;
        if (values['workers'] !== undefined) {
          workers = Number(values['workers']);
          if (!Number.isInteger(workers) || workers < 0) throw new UsageError('--workers must be a whole number (threads that analyse, the main thread included; 0 or 1: the main thread only)');
        }
        const cuesFile = values['cues'];
        // Check the cue file before reading the dataset: a bad one is a usage error naming the entry.
        const cues = cueSetFor(cuesFile);
        const summary = await runTag({
          file: args[0]!,
          json: c.json,
          cuesFile,
          cues,
          workers,
          quiet: c.quiet,
          reader: readerOptions(c),
          out,
          err,
          ...laneRuntime(runtime, workers),
        });
        if (summary.cancelled) return EXIT.cancelled;
        return summary.stats.bad > 0 || summary.fileErrors > 0 ? EXIT.badRows : EXIT.ok;
      }
      case 'decide': {
        if (args.length !== 2) throw new UsageError('decide takes FILE and a decision: accept, reject, flag or clear');
        const decision = Decision.safeParse(args[1]);
        if (!decision.success) throw new UsageError(`decide: "${args[1]}" is not a decision (accept, reject, flag or clear)`);
        const ids = values['ids'];
        const where = values['where'];
        if ((ids === undefined) === (where === undefined)) throw new UsageError('decide needs exactly one of --ids a,b,c and --where EXPR');
        const idList = ids?.split(',').map((x) => x.trim()).filter((x) => x !== '');
        if (idList && idList.length === 0) throw new UsageError('--ids lists no id');
        const journals = values['journal'];
        if (journals && journals.length > 1) throw new UsageError('decide writes to one --journal');
        let workers: number | undefined;
        if (values['workers'] !== undefined) {
          workers = Number(values['workers']);
          if (!Number.isInteger(workers) || workers < 0) throw new UsageError('--workers must be a whole number (threads that read and analyse, the main thread included; 0 or 1: the main thread only)');
        }
        const curator = values['curator']?.trim() ?? defaultCurator();
        if (curator === '') throw new UsageError('--curator must not be empty');
        const cuesFile = values['cues'];
        cueSetFor(cuesFile); // a bad cue file is a usage error before the dataset is read
        const r = await runDecide({
          file: args[0]!,
          journal: journals?.[0],
          ids: idList,
          where,
          decision: decision.data,
          note: values['note'],
          curator,
          adjudicate: values['adjudicate'] === true,
          dryRun: values['dry-run'] === true,
          json: c.json,
          quiet: c.quiet,
          workers,
          cuesFile,
          reader: readerOptions(c),
          out,
          err,
          ...laneRuntime(runtime, workers),
        });
        return EXIT[r.code === 'ok' ? 'ok' : r.code];
      }
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (e) {
    if (runtime.signal?.aborted) return EXIT.cancelled;
    if (e instanceof UsageError) {
      err.write(`helix-curate: ${e.message}\n(see helix-curate --help)\n`);
      return EXIT.usage;
    }
    if (e instanceof CueFileError) {
      err.write(`helix-curate: bad cue file: ${e.message}\n`);
      return EXIT.usage;
    }
    if (e instanceof DatasetError) {
      err.write(`helix-curate: ${e.message}\n`);
      return EXIT.unreadable;
    }
    err.write(`helix-curate: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return EXIT.internal;
  }
}
