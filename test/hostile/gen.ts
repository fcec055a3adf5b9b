/**
 * `npm run hostile:gen -- OUTDIR [--full] [--only SUBSTRING]`: write the hostile corpus of issue #8
 * (test/hostile/corpus.ts) to OUTDIR, for trying it by hand in VS Code or with `helix-curate`, and print
 * its kinds: slug, format, file size, bad / good / hostile counts and the file.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildCorpus, fullCorpusRequested } from './corpus';

function usage(): never {
  process.stderr.write('usage: npm run hostile:gen -- OUTDIR [--full] [--only SUBSTRING]\n  --full: also the slow kinds (as HELIX_HOSTILE_FULL=1)\n');
  process.exit(2);
}

const args = process.argv.slice(2);
let out: string | undefined;
let full = fullCorpusRequested();
let only: string | undefined;
for (let i = 0; i < args.length; i++) {
  const a = args[i]!;
  if (a === '--full') full = true;
  else if (a === '--only') only = args[++i] ?? usage();
  else if (a.startsWith('-')) usage();
  else if (out === undefined) out = a;
  else usage();
}
if (out === undefined) usage();

const dir = path.resolve(out);
const t0 = performance.now();
const cases = buildCorpus(dir, { full, ...(only !== undefined ? { only: (k: string) => k.includes(only) } : {}) });
const secs = ((performance.now() - t0) / 1000).toFixed(1);
const mb = (f: string): string => `${(fs.statSync(f).size / 1024 / 1024).toFixed(1)} MB`;
const w = Math.max(...cases.map((c) => c.kind.length));
for (const c of cases) {
  const counts = `bad ${c.bad.length}, good ${c.good.length}, hostile ${c.hostileIds?.length ?? 0}${c.fileError ? ', file error' : ''}`;
  process.stdout.write(`${c.kind.padEnd(w)}  ${c.format.padEnd(7)}  ${mb(c.file).padStart(9)}  ${counts.padEnd(36)}  ${path.relative(process.cwd(), c.file)}${c.slow ? '  (slow)' : ''}\n`);
}
process.stdout.write(`${cases.length} kinds written to ${dir} in ${secs} s${full ? '' : ' (slow kinds left out: --full)'}\n`);
