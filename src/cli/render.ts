/** Human-readable renderings for the CLI (the --json forms are the schemas themselves). */
import type { Sample } from '../core/sample';
import type { DatasetStats } from '../core/stats';
import { formatBytes } from '../core/readers/textFile';

function table(rows: string[][], rightAlignFrom = 1): string {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, [...c].length)));
  return rows
    .map((r) => r.map((c, i) => (i >= rightAlignFrom ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd())
    .join('\n');
}

const n = (x: number) => x.toLocaleString('en-US');

function diffOrder(a: string, b: string): number {
  const na = Number(a);
  const nb = Number(b);
  if (Number.isFinite(na) && Number.isFinite(nb)) return na - nb;
  return a.localeCompare(b);
}

export function renderStats(s: DatasetStats): string {
  const out: string[] = [];
  out.push(`${s.file}`);
  out.push(`format ${s.format}, ${formatBytes(s.fileBytes)}, ${n(s.samples)} samples (${n(s.valid)} readable, ${n(s.bad)} bad)${s.full ? '' : ' [index only]'}`);
  const kinds = Object.entries(s.kinds).map(([k, v]) => `${k} ${n(v)}`).join(', ');
  if (kinds) out.push(`row shapes: ${kinds}`);
  out.push('');
  const diffs = [...new Set(Object.values(s.byTaskDifficulty).flatMap((d) => Object.keys(d)))].sort(diffOrder);
  const tasks = Object.keys(s.byTaskDifficulty).sort((a, b) => a.localeCompare(b));
  const rows = [['task', ...diffs.map((d) => `d${d}`), 'total']];
  const colTotals = diffs.map(() => 0);
  for (const t of tasks) {
    const row = s.byTaskDifficulty[t]!;
    let total = 0;
    rows.push([t, ...diffs.map((d, i) => {
      const v = row[d] ?? 0;
      total += v;
      colTotals[i]! += v;
      return v ? n(v) : '.';
    }), n(total)]);
  }
  rows.push(['all', ...colTotals.map(n), n(s.samples)]);
  out.push(table(rows));
  out.push('');
  if (s.responseChars) {
    const r = s.responseChars;
    out.push(`response length (chars), ${n(s.withResponse)} samples with a response: min ${n(r.min)}, p50 ${n(r.p50)}, p90 ${n(r.p90)}, p99 ${n(r.p99)}, max ${n(r.max)}, mean ${n(r.mean)}`);
  } else if (s.full) out.push('no sample has a response');
  for (const [field, v] of Object.entries(s.storedVerdicts)) {
    out.push(`stored verdict "${field}": ${n(v.pass)} pass, ${n(v.fail)} fail${v.unreadable ? `, ${n(v.unreadable)} unreadable` : ''}`);
  }
  if (s.full) out.push(`images: ${n(s.images.total)}${s.images.withError ? `, ${n(s.images.withError)} with a problem` : ', all found'}`);
  if (s.samplesWithProblems) {
    out.push(`${n(s.samplesWithProblems)} samples with problems, e.g.:`);
    for (const p of s.problemExamples.slice(0, 10)) out.push(`  ${p.line !== undefined ? `line ${p.line} ` : ''}${p.id}: ${p.message}`);
  }
  if (s.duplicateIds.length) {
    out.push(`${n(s.duplicateIds.length)} duplicate ids, e.g.:`);
    for (const d of s.duplicateIds.slice(0, 10)) out.push(`  ${d.id} x${d.count} (${d.lines.length ? `lines ${d.lines.join(', ')}` : `rows ${d.rows.join(', ')}`})`);
  }
  for (const e of s.fileErrors) out.push(`file: ${e}`);
  if (s.bad) {
    out.push(`${n(s.bad)} bad rows:`);
    for (const b of s.badRows.slice(0, 50)) out.push(`  ${s.file}:${b.line ?? `row ${b.ordinal + 1}`}: ${b.error}`);
    const more = s.bad - Math.min(50, s.badRows.length);
    if (more > 0) out.push(`  ... and ${n(more)} more (use --json for the list)`);
  }
  return `${out.join('\n')}\n`;
}

function indent(text: string, pad = '  '): string {
  return text.split('\n').map((l) => pad + l).join('\n');
}

export function renderSample(s: Sample): string {
  const out: string[] = [];
  const loc = s.source.line !== undefined ? `line ${s.source.line}` : s.source.rowGroup !== undefined ? `row group ${s.source.rowGroup}, row ${s.source.rowInGroup ?? 0}` : `row ${s.source.ordinal + 1}`;
  out.push(`id: ${s.id}   task: ${s.task ?? '-'}   difficulty: ${s.difficulty ?? '-'}   shape: ${s.kind}`);
  out.push(`source: ${s.source.file} (${s.source.format}, sample #${s.source.ordinal + 1}, ${loc})`);
  if (s.scoreFunction) out.push(`score function: ${s.scoreFunction}`);
  if (s.storedVerdict) out.push(`stored verdict: ${s.storedVerdict.field} = ${JSON.stringify(s.storedVerdict.value)} (${s.storedVerdict.pass === null ? 'unreadable' : s.storedVerdict.pass ? 'pass' : 'fail'})`);
  out.push(`images (${s.images.length}):`);
  for (const img of s.images) {
    const what = img.kind === 'file' ? img.path : img.kind === 'bytes' ? `${img.mime}, ${formatBytes(img.bytes.length)} embedded${img.path ? ` (${img.path})` : ''}` : `${img.mime} data URI`;
    out.push(`  ${what}${img.error ? `  !! ${img.error}` : ''}`);
  }
  for (const p of s.problems) out.push(`${p.severity}: ${p.field ? `${p.field}: ` : ''}${p.message}`);
  if (s.question !== null) out.push('', 'question:', indent(s.question));
  if (s.groundTruth !== null) out.push('', 'ground truth:', indent(s.groundTruth));
  if (s.initialState !== null && s.initialState !== undefined) {
    out.push('', 'initial state:', indent(typeof s.initialState === 'string' ? s.initialState : JSON.stringify(s.initialState)));
  }
  if (s.response !== null) out.push('', `response (${s.responseField}, ${s.response.length.toLocaleString('en-US')} chars):`, indent(s.response));
  const extraKeys = Object.keys(s.extra);
  if (extraKeys.length) out.push('', `other fields: ${extraKeys.join(', ')}`);
  return `${out.join('\n')}\n`;
}
