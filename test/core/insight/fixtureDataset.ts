/**
 * A real dataset for the insight's integration tests (CLI, Chromium): the mmhelix-dev responses joined with
 * their instances (1,769 evaluation rows with stored verdicts, every 97th flipped into a mismatch, 42 tasks),
 * the 30 reflective traces of
 * traces-realistic (SFT rows), one unreadable line, and three curators' journals with agreeing, conflicting,
 * stale and adjudicated decisions, written into a fresh temp folder.
 *
 * The decisions follow simple rules on the sample number so a test can count what the report must show:
 * see `expectedDecisions`.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { contentHash, journalLine, type JournalLine } from '../../../src/core/journal';
import { openDataset } from '../../../src/core/readers/open';

const FIX = path.resolve(__dirname, '../../fixtures');

export interface FixtureDataset {
  dir: string;
  file: string;
  /** ana.helix-journal.jsonl etc., one per curator. */
  journals: string[];
  /** Rows in the file (the unreadable one included). */
  rows: number;
  /** Sample id -> what the rules decided (for the tests' own counts). */
  decided: Map<string, { ana?: string; bo?: string; cy?: string; staleAna?: boolean }>;
  cleanup(): void;
}

function readJsonl<T>(file: string): T[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}

const T0 = Date.parse('2025-05-01T09:00:00.000Z');

export async function makeFixtureDataset(): Promise<FixtureDataset> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helix-insight-'));
  const instances = new Map(readJsonl<{ id: string }>(path.join(FIX, 'mmhelix-dev/instances.jsonl')).map((i) => [i.id, i]));
  const responses = readJsonl<{ instance_id: string; response: string; verdict: boolean }>(path.join(FIX, 'mmhelix-dev/responses.jsonl'));
  const storedPass = new Map<string, boolean>();
  const lines: string[] = responses.map((r, i) => {
    // Every 97th stored verdict is flipped: a mismatch with the re-run.
    const stored = i % 97 === 5 ? !r.verdict : r.verdict;
    storedPass.set(`${r.instance_id}~${i}`, stored);
    return JSON.stringify({ ...instances.get(r.instance_id), id: `${r.instance_id}~${i}`, images: [], prediction: r.response, verdict: stored });
  });
  for (const l of fs.readFileSync(path.join(FIX, 'traces-realistic/samples.jsonl'), 'utf8').split('\n')) {
    if (!l.trim()) continue;
    const row = JSON.parse(l) as Record<string, unknown>;
    delete row['images'];
    lines.push(JSON.stringify(row));
  }
  lines.push('{"id": "broken", "category": "maze", ');
  const file = path.join(dir, 'eval.jsonl');
  fs.writeFileSync(file, `${lines.join('\n')}\n`);

  // Content hashes of the readable samples, as the journals record them.
  const reader = openDataset(file, { checkImages: false });
  const index = await reader.buildIndex();
  const samples: Array<{ id: string; hash: string; pass: boolean }> = [];
  for (const e of index.entries) {
    if (e.error) continue;
    try {
      const s = await reader.loadSample(e);
      samples.push({ id: s.id, hash: contentHash(s), pass: storedPass.get(s.id) ?? true });
    } catch {
      // the broken row
    }
  }
  await reader.close();

  const journal: Record<'ana' | 'bo' | 'cy', JournalLine[]> = { ana: [], bo: [], cy: [] };
  const decided: FixtureDataset['decided'] = new Map();
  let clock = T0;
  const add = (curator: 'ana' | 'bo' | 'cy', id: string, hash: string, decision: 'accept' | 'reject' | 'flag', adjudication = false): void => {
    clock += 1000;
    journal[curator].push(journalLine({ curator, sampleId: id, contentHash: hash, decision, ...(adjudication ? { adjudication: true as const } : {}) }, new Date(clock)));
  };
  samples.forEach((s, i) => {
    const d: { ana?: string; bo?: string; cy?: string; staleAna?: boolean } = {};
    const rule = s.pass ? 'accept' : 'reject';
    if (i % 2 === 0) {
      // Every 50th of ana's decisions was taken on other content: stale.
      const stale = i % 50 === 0;
      add('ana', s.id, stale ? '00000000' : s.hash, rule);
      d.ana = rule;
      if (stale) d.staleAna = true;
    }
    if (i % 3 === 0) {
      const b = i % 9 === 0 ? 'flag' : rule;
      add('bo', s.id, s.hash, b);
      d.bo = b;
    }
    if (i % 36 === 0) {
      add('cy', s.id, s.hash, 'accept', true);
      d.cy = 'accept';
    }
    if (d.ana || d.bo || d.cy) decided.set(s.id, d);
  });
  // A decided id that is not in the dataset.
  add('bo', 'not-in-the-dataset', '0123456789abcdef', 'accept');
  const journals = (['ana', 'bo', 'cy'] as const).map((c) => {
    const f = path.join(dir, `eval.${c}.helix-journal.jsonl`);
    fs.writeFileSync(f, journal[c].map((l) => `${JSON.stringify(l)}\n`).join(''));
    return f;
  });
  return { dir, file, journals, rows: lines.length, decided, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** What the journals' rules make of the samples: resolution statuses and resolved decisions, counted. */
export function expectedDecisions(f: FixtureDataset): { accept: number; reject: number; flag: number; conflict: number; stale: number; status: Record<string, number> } {
  const out = { accept: 0, reject: 0, flag: 0, conflict: 0, stale: 0, status: { single: 0, agreed: 0, conflict: 0, adjudicated: 0 } as Record<string, number> };
  for (const d of f.decided.values()) {
    let decision: string | null;
    if (d.cy) {
      out.status['adjudicated']!++;
      decision = d.cy;
    } else {
      const votes = [d.ana, d.bo].filter((v): v is string => v !== undefined);
      if (votes.length === 1) {
        out.status['single']!++;
        decision = votes[0]!;
      } else if (votes[0] === votes[1]) {
        out.status['agreed']!++;
        decision = votes[0]!;
      } else {
        out.status['conflict']!++;
        decision = null;
        out.conflict++;
      }
      if (d.staleAna) out.stale++;
    }
    if (decision === 'accept') out.accept++;
    else if (decision === 'reject') out.reject++;
    else if (decision === 'flag') out.flag++;
  }
  return out;
}
