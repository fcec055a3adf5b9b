/**
 * Child process of the journal durability tests (journalKill.test.ts, journalConcurrent.test.ts), bundled
 * with esbuild there. It appends decisions to one journal through the product's own calls (`appendJournal`
 * for single decisions, as the curator does; `appendJournalLines` for bulk decisions, as `helix-curate
 * decide` does) and prints `ack <sampleId>` on stdout only once the append promise resolved, that is
 * once the line was written and fdatasync'd. Anything acknowledged must therefore be in the journal,
 * whatever happens to this process afterwards (SIGKILL included).
 *
 * Usage: node journalWriter.cjs FILE WRITER SEED [--until MS] [--start-at MS] [--wait-go] [--big P]
 * - WRITER names the curator and prefixes the sample ids (`WRITER-0`, `WRITER-1`, ... in call order).
 * - SEED drives the mix of append kinds and line sizes (deterministic per writer).
 * - --until: stop at that time (epoch ms) and print `done N`; without it the writer appends until killed.
 * - --start-at: wait for that moment (epoch ms) before the first append (two writers start together).
 * - --wait-go: wait for a line on stdin before the first append (a writer started ahead of its turn).
 * - --big P: with probability P an append is a bulk decision of about 1-2 MB in one write, announced
 *   with `bulk BYTES` just before it (so a kill can be aimed inside a long write).
 * - --huge: the first append is a bulk decision of about 8 MB (400 lines of 20 KB: two 4 MB writes at
 *   the product's default batch size, each followed by its fdatasync), announced with `bulk BYTES`.
 * Prints `ready` once it is about to append.
 */
import { appendJournal, appendJournalLines, journalLine, type JournalLine } from '../../src/core/journal';

/** mulberry32: a small deterministic PRNG, so a failing run can be replayed with its seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The note of decision `i` of `writer`: its own id first (checked on read-back), padded to `size`. */
function noteOf(writer: string, i: number, size: number): string {
  return `${writer}:${i}:`.padEnd(size, 'abcdefghij'[i % 10]);
}

const DECISIONS = ['accept', 'reject', 'flag'] as const;

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const [file, writer, seedArg] = args;
  if (!file || !writer || !seedArg) throw new Error('usage: journalWriter FILE WRITER SEED [--until MS] [--start-at MS] [--wait-go] [--big P]');
  const random = prng(Number(seedArg));
  const until = Number(option(args, '--until') ?? Infinity);
  const startAt = Number(option(args, '--start-at') ?? 0);
  const big = Number(option(args, '--big') ?? 0);
  if (args.includes('--wait-go')) await new Promise((resolve) => process.stdin.once('data', resolve));
  while (Date.now() < startAt) await new Promise((r) => setTimeout(r, 1));
  let next = 0;
  const line = (size?: number): JournalLine => {
    const i = next++;
    // Mostly small lines, some over a page (4 KiB) and a few of 20-60 KB, so writes span pages and a kill
    // can land inside one.
    const r = random();
    size ??= r < 0.7 ? 80 + Math.floor(random() * 400) : r < 0.95 ? 4096 + Math.floor(random() * 8192) : 20_000 + Math.floor(random() * 40_000);
    return journalLine({ curator: writer, sampleId: `${writer}-${i}`, contentHash: '0123456789abcdef', decision: DECISIONS[i % 3]!, note: noteOf(writer, i, size), dataset: 'hostile.jsonl' });
  };
  const ack = (l: JournalLine) => process.stdout.write(`ack ${l.sampleId}\n`);
  process.stdout.write('ready\n');
  if (args.includes('--huge')) {
    const ls = Array.from({ length: 400 }, () => line(19_000 + Math.floor(random() * 2000)));
    process.stdout.write(`bulk ${ls.reduce((n, l) => n + l.note.length, 0)}\n`);
    await appendJournalLines(file, ls);
    for (const l of ls) ack(l);
  }
  while (Date.now() < until) {
    const kind = random();
    if (random() < big) {
      // A large bulk decision: 40-80 lines of about 25 KB in ONE write (one batch).
      const ls = Array.from({ length: 40 + Math.floor(random() * 40) }, () => line(20_000 + Math.floor(random() * 10_000)));
      process.stdout.write(`bulk ${ls.reduce((n, l) => n + l.note.length, 0)}\n`);
      await appendJournalLines(file, ls);
      for (const l of ls) ack(l);
    } else if (kind < 0.5) {
      // One decision, awaited (a curator pressing a key).
      const l = line();
      await appendJournal(file, l);
      ack(l);
    } else if (kind < 0.8) {
      // A few decisions in flight at once (a fast curator): each acknowledged when its own promise resolves.
      const ls = Array.from({ length: 2 + Math.floor(random() * 4) }, () => line());
      await Promise.all(ls.map((l) => appendJournal(file, l).then(() => ack(l))));
    } else {
      // A bulk decision: many lines, one write and one fdatasync per batch.
      const ls = Array.from({ length: 5 + Math.floor(random() * 60) }, () => line());
      await appendJournalLines(file, ls, 64 * 1024 + Math.floor(random() * 512 * 1024));
      for (const l of ls) ack(l);
    }
  }
  process.stdout.write(`done ${next}\n`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
