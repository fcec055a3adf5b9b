/**
 * Journal durability under crashes: a writer process appends decisions through the product's journal API
 * (journalWriter.ts: `appendJournal` / `appendJournalLines`, acknowledging each decision on stdout once its
 * append resolved) and is killed with SIGKILL at a random moment, 100 times (1,000 with
 * HELIX_HOSTILE_FULL=1), every writer continuing the same journal file.
 *
 * Afterwards: the journal reads back (`readJournal` never throws on content); every acknowledged decision
 * is present exactly once; no decision appears twice; the only unreadable lines are the torn tails the
 * kills left (at most one per kill, reported with its line number, not fatal); and the writer after a torn
 * tail started on a new line (the torn fragment is a line of its own, the next line is whole).
 *
 * What this proves and what it does not: SIGKILL is a process crash; the page cache survives it. fdatasync
 * (which every append does before it resolves) is what protects acknowledged lines against a power loss,
 * and that is not simulated here.
 *
 * HELIX_HOSTILE_SEED replays a run (the seed is printed).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { JournalLine, readJournal } from '../../src/core/journal';
import { buildWriter, startWriter } from './journalHarness';

const FULL = process.env['HELIX_HOSTILE_FULL'] === '1';
const KILLS = FULL ? 1000 : 100;
const SEED = Number(process.env['HELIX_HOSTILE_SEED'] ?? Date.now() % 1_000_000);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helix-journal-kill-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Same PRNG as the writer (mulberry32), for the kill moments. */
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

interface Torn {
  kill: number;
  /** 1-based line number of the torn fragment. */
  line: number;
  bytes: number;
}

/** Tracks the file's line count incrementally (the journal grows to megabytes; re-reading it per kill is slow). */
class LineCounter {
  private offset = 0;
  /** Complete lines (newlines) seen so far. */
  newlines = 0;
  /** Byte offset just after the last newline. */
  lastLineStart = 0;
  constructor(private readonly file: string) {}
  scan(): { size: number } {
    const size = fs.existsSync(this.file) ? fs.statSync(this.file).size : 0;
    if (size > this.offset) {
      const fd = fs.openSync(this.file, 'r');
      try {
        const buf = Buffer.alloc(size - this.offset);
        fs.readSync(fd, buf, 0, buf.length, this.offset);
        for (let i = buf.indexOf(0x0a); i >= 0; i = buf.indexOf(0x0a, i + 1)) {
          this.newlines++;
          this.lastLineStart = this.offset + i + 1;
        }
      } finally {
        fs.closeSync(fd);
      }
      this.offset = size;
    }
    return { size };
  }
}

describe(`journal durability: SIGKILL mid-append, ${KILLS} times`, () => {
  it('every acknowledged decision is in the journal exactly once; torn tails are reported by line and not fatal', async () => {
    const script = buildWriter(dir);
    const file = path.join(dir, 'hostile.helix-journal.jsonl');
    const random = prng(SEED);
    const acked: string[] = [];
    const torn: Torn[] = [];
    let validTailsWithoutNewline = 0;
    let killedBeforeAck = 0;
    const counter = new LineCounter(file);
    const plans = new Map<string, { kills: number; ms: number; acked: number }>();
    const t0 = performance.now();

    type Plan = 'start' | 'delay' | 'acks' | 'bulk' | 'huge';
    const spawnWriter = (k: number) => {
      const r = random();
      const plan: Plan = r < 0.1 ? 'start' : r < 0.4 ? 'delay' : r < 0.7 ? 'acks' : r < 0.92 ? 'bulk' : 'huge';
      const args = [file, `w${k}`, String(SEED + k), '--wait-go', '--big', plan === 'bulk' ? '0.5' : '0', ...(plan === 'huge' ? ['--huge'] : [])];
      return { plan, run: startWriter(script, args) };
    };
    // The next two writers are started while the current one runs (node takes 50-150 ms to start on an
    // idle machine, far more on a busy one) and wait for their turn on stdin: successive writers continue
    // the file, one at a time.
    const AHEAD = 2;
    const queue = Array.from({ length: Math.min(AHEAD, KILLS) }, (_, k) => spawnWriter(k));
    afterAll(() => queue.forEach((w) => w.run.child.kill('SIGKILL')));
    for (let k = 0; k < KILLS; k++) {
      const { plan, run } = queue.shift()!;
      if (k + AHEAD < KILLS) queue.push(spawnWriter(k + AHEAD));
      // Kill moments: 'start' a random 0-30 ms after the writer begins (inside its first append: open,
      // the torn-tail check, the write); 'delay' a random 0-20 ms after its first acknowledgement; 'acks'
      // right after a random acknowledgement, i.e. inside the next append (its write, its fdatasync, or
      // between them); 'bulk' a random moment inside the expected duration of a 1-2 MB single write
      // (announced by the writer just before it), where a kill tears the line being written; 'huge' a
      // random byte position of an 8 MB bulk decision (two 4 MB writes and their fdatasyncs): the kill comes
      // as soon as the file grew past it.
      const afterAcks = 1 + Math.floor(random() * 8);
      const delay = random() * (plan === 'start' ? 30 : 20);
      const intoBulk = random();
      let timer: NodeJS.Timeout | null = null;
      const kill = () => {
        if (timer) clearTimeout(timer);
        run.onLine = null;
        run.child.kill('SIGKILL');
      };
      const killIn = (ms: number) => {
        if (timer) clearTimeout(timer);
        timer = setTimeout(kill, ms);
      };
      run.onLine = (line) => {
        if (line === 'ready') killIn(plan === 'start' ? delay : 2000); // a writer that never gets further dies anyway
        else if (plan === 'delay' && run.acked.length === 1) killIn(delay);
        else if (plan === 'acks' && run.acked.length >= afterAcks) kill();
        else if (plan === 'bulk' && line.startsWith('bulk ')) killIn(intoBulk * (Number(line.slice(5)) / 150_000));
        else if (plan === 'huge' && line.startsWith('bulk ')) {
          // Watch the file grow and kill once it passed a random point of the 8 MB (busy-waiting: the
          // writer first validates its 400 lines, then writes 4 MB in one go).
          const base = fs.existsSync(file) ? fs.statSync(file).size : 0;
          const at = base + Math.floor(intoBulk * Number(line.slice(5)));
          const end = Date.now() + 5000;
          while (Date.now() < end && fs.statSync(file).size <= at) {
            /* spin */
          }
          kill();
        }
      };
      const tGo = performance.now();
      run.go();
      const exit = await run.exited;
      const t = plans.get(plan) ?? { kills: 0, ms: 0, acked: 0 };
      plans.set(plan, { kills: t.kills + 1, ms: t.ms + performance.now() - tGo, acked: t.acked + run.acked.length });
      expect(exit.signal, `writer ${k} was not killed (code ${exit.code}): ${exit.stderr}`).toBe('SIGKILL');
      if (run.acked.length === 0) killedBeforeAck++;
      acked.push(...run.acked);

      // The tail the kill left: a fragment without its newline is torn unless it is a whole line that only
      // lacks the newline (the cut fell exactly before it).
      const { size } = counter.scan();
      if (size > counter.lastLineStart) {
        const fragment = Buffer.alloc(size - counter.lastLineStart);
        const fd = fs.openSync(file, 'r');
        fs.readSync(fd, fragment, 0, fragment.length, counter.lastLineStart);
        fs.closeSync(fd);
        let whole: boolean;
        try {
          whole = JournalLine.safeParse(JSON.parse(fragment.toString('utf8'))).success;
        } catch {
          whole = false;
        }
        const line = counter.newlines + 1;
        if (torn.at(-1)?.line === line) {
          // The same torn tail as after the previous kill: that writer died before its first write.
          expect(torn.at(-1)!.bytes).toBe(fragment.length);
          torn.at(-1)!.kill = k;
        } else if (whole) validTailsWithoutNewline++;
        else torn.push({ kill: k, line, bytes: fragment.length });
      }
    }
    const seconds = (performance.now() - t0) / 1000;

    const read = await readJournal(file);
    const text = fs.readFileSync(file, 'utf8');
    const rows = text.split('\n');
    if (rows.at(-1) === '') rows.pop();

    // Every problem is one of the torn tails, at the line it was torn at; nothing else is unreadable.
    expect(read.problems.map((p) => p.line)).toEqual(torn.map((t) => t.line));
    const lastKillTore = torn.at(-1)?.kill === KILLS - 1 && torn.at(-1)!.line === rows.length;
    expect(read.tornTail).toBe(lastKillTore);
    for (const p of read.problems) {
      expect(p.message).toMatch(/^line \d+: /);
      // A torn fragment followed by the next writer's lines reads as malformed (or cut inside a UTF-8
      // sequence); only a fragment at the very end of the file is "incomplete".
      if (read.tornTail && p === read.problems.at(-1)) expect(p.message).toMatch(/incomplete last line/);
      else expect(p.message).toMatch(/malformed JSON|invalid UTF-8/);
    }
    // The writer after a torn tail started on a new line: the line after each fragment is whole.
    for (const t of torn) {
      const after = rows.slice(t.line).find((r) => r !== '');
      if (after === undefined) continue; // the last kill
      expect(JournalLine.safeParse(JSON.parse(after)).success, `line after the torn line ${t.line}`).toBe(true);
    }

    // Every acknowledged decision exactly once, whole (its note starts with its own id); no duplicates at all.
    const count = new Map<string, number>();
    for (const l of read.lines) {
      count.set(l.sampleId, (count.get(l.sampleId) ?? 0) + 1);
      const [writer, i] = l.sampleId.split('-');
      expect(l.curator).toBe(writer);
      expect(l.note.startsWith(`${writer}:${i}:`)).toBe(true);
    }
    const lost = acked.filter((id) => !count.has(id));
    const duplicates = [...count].filter(([, n]) => n > 1).map(([id]) => id);
    expect(lost).toEqual([]);
    expect(duplicates).toEqual([]);
    // Each writer's lines in its own order.
    const byWriter = new Map<string, number[]>();
    for (const l of read.lines) {
      const [writer, i] = l.sampleId.split('-') as [string, string];
      const list = byWriter.get(writer) ?? [];
      list.push(Number(i));
      byWriter.set(writer, list);
    }
    for (const [writer, list] of byWriter) expect(list, writer).toEqual([...list].sort((a, b) => a - b));
    // The run did exercise the appends: most writers got decisions out before they died.
    expect(acked.length).toBeGreaterThan(KILLS);

    console.log(
      `journal kill test (seed ${SEED}): ${KILLS} kills in ${seconds.toFixed(1)} s, ${acked.length} acknowledged decisions, ` +
        `${read.lines.length} lines read back (${read.lines.length - acked.length} written but not yet acknowledged), lost ${lost.length}, duplicates ${duplicates.length}, ` +
        `torn lines ${torn.length}${torn.length ? ` (lines ${torn.map((t) => t.line).join(', ')})` : ''}, whole last lines without newline ${validTailsWithoutNewline}, ` +
        `killed before any acknowledgement ${killedBeforeAck}, journal ${(fs.statSync(file).size / 1e6).toFixed(1)} MB; per plan (kills, mean ms from go to exit, acks): ` +
        [...plans].map(([p, t]) => `${p} ${t.kills}, ${Math.round(t.ms / t.kills)} ms, ${t.acked}`).join('; '),
    );
  }, FULL ? 900_000 : 120_000);
});
