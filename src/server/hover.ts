/**
 * What a hover (and the "Verify" code lens) says about the sample on one line: id, task, difficulty, the
 * verdict with its reason (reference and strict, lenient pass, stored-verdict mismatch), the extracted
 * answer and the reflection tag counts of its trace. The verdict comes from the line's cached check; the
 * tags are computed here, for this one line only (the tagger is the costly part and no diagnostic needs it).
 *
 * Every piece of row text (ids, reasons, answers) is data: it is escaped before it enters the markdown.
 */
import { normalizeRow } from '../core/normalize';
import { listVerdictOf } from '../core/facts';
import { analyseTrace } from '../core/trace/analyse';
import type { CueSet } from '../core/trace/cues';
import { TAGS } from '../core/trace/cueSchema';
import { verifySample, type Verdict } from '../core/verify/pipeline';
import type { LineCheckContext, LineResult } from './lineCheck';
import type { VerifyLineResult } from './protocol';

export interface LineDescription extends Omit<VerifyLineResult, 'line'> {
  /** The tag counts (steps carrying each tag), null without a response or when the tagger failed. */
  tags: Record<string, number> | null;
  steps: number | null;
}

/**
 * Describe the sample on `line`. `result` is the line's check (verified: `result.verdict` is not
 * undefined, or it will be verified here); `ordinal` names a row without an id.
 */
export function describeLine(line: string, result: LineResult, ctx: LineCheckContext, cues: CueSet, ordinal: number): LineDescription {
  const id = result.id ?? `#${ordinal + 1}`;
  if (!result.readable) {
    const why = result.problems[0]?.message ?? 'the line is not a sample';
    return {
      id,
      status: 'unreadable',
      summary: `${id}: not a readable sample: ${why}`,
      markdown: `**${md(id)}**: not a readable sample\n\n${md(why)}`,
      tags: null,
      steps: null,
    };
  }
  // Parse once more for the trace (the cache keeps results, not rows).
  const sample = normalizeRow(JSON.parse(line.charCodeAt(0) === 0xfeff ? line.slice(1) : line), { file: ctx.file, format: 'jsonl', datasetDir: ctx.datasetDir, ordinal, line: 1, checkImages: false });
  // The pass's verdict, unless it left the strict check out (the hover shows it): then verify again.
  const cached = result.verdict;
  const verdict: Verdict | null = cached === null ? null : cached !== undefined && cached.strict !== null ? { ...cached, strict: cached.strict } : verifySample(sample);
  let tags: Record<string, number> | null = null;
  let steps: number | null = null;
  if (sample.response !== null) {
    try {
      const { stats } = analyseTrace(sample.response, cues);
      tags = Object.fromEntries(TAGS.map((t) => [t, stats.tags[t]]));
      steps = stats.steps;
    } catch {
      // No tag counts: said in the hover.
    }
  }
  const status = listVerdictOf(sample, verdict);
  const parts: string[] = [];
  const head = [`**${md(id)}**`];
  if (result.task !== null) head.push(`task \`${code(result.task)}\``);
  if (result.difficulty !== null) head.push(`difficulty ${md(result.difficulty)}`);
  parts.push(head.join(' · '));
  parts.push(verdictMarkdown(verdict));
  if (verdict) {
    parts.push(`**Extracted answer** (${md(verdict.rule)}): ${verdict.extracted === '' ? '_none_' : `\`${code(short(verdict.extracted, 200))}\``}`);
  }
  if (tags && steps !== null) {
    parts.push(`**Reflection tags** (${steps} step${steps === 1 ? '' : 's'}): ${TAGS.map((t) => `${t.replace('_', ' ')} ${tags[t]}`).join(' · ')}`);
  } else if (sample.response !== null) parts.push('_Reflection tags: the tagger failed on this trace._');
  return { id, status, summary: summaryOf(id, verdict), markdown: parts.join('\n\n'), tags, steps };
}

function verdictMarkdown(v: Verdict | null): string {
  if (v === null) return '**Verdict:** none (the row holds no response to judge)';
  const lines = [`**Verdict:** ${v.reference.status} (reference${v.scoreFunction ? `, \`${code(v.scoreFunction)}\`` : ''})${v.reference.reason ? `: ${md(v.reference.reason)}` : ''}`];
  lines.push(`**Strict:** ${v.strict.status}${v.strict.reason ? `: ${md(v.strict.reason)}` : ''}`);
  if (v.lenient !== null) lines.push(`**Lenient pass:** ${md(v.lenient)}`);
  if (v.stored) {
    const value = short(JSON.stringify(v.stored.value) ?? String(v.stored.value), 80);
    const agreement = v.mismatch ? `**mismatch**: it says ${v.mismatch.stored ? 'pass' : 'fail'}, the re-run says ${v.mismatch.rerun ? 'pass' : 'fail'}` : 'agrees with the re-run';
    lines.push(`**Stored verdict:** \`${code(v.stored.field)}\` = \`${code(value)}\`: ${agreement}`);
  }
  return lines.join('  \n');
}

function summaryOf(id: string, v: Verdict | null): string {
  if (v === null) return `${id}: no response to verify.`;
  const reason = v.reference.reason ? `: ${short(v.reference.reason, 300)}` : '';
  let s = `${id}: ${v.reference.status} (reference${v.scoreFunction ? `, ${v.scoreFunction}` : ''})${reason}. Strict: ${v.strict.status}.`;
  if (v.lenient !== null) s += ` ${capitalise(short(v.lenient, 200))}.`;
  if (v.mismatch) s += ` Mismatch: the stored ${v.stored?.field ?? 'verdict'} says ${v.mismatch.stored ? 'pass' : 'fail'}.`;
  return s;
}

/**
 * Escape text for markdown (no HTML, no formatting, no links). The `:` of `://` is escaped too (and every
 * `.`), so a URL in row text (`https://…`, `www.…`) is not made a link by a renderer that autolinks bare URLs
 * (VS Code's hovers do).
 */
export function md(s: string): string {
  return s
    .replace(/[\\`*_{}[\]()<>#+\-.!|~&]/g, (c) => `\\${c}`)
    .replace(/:\/\//g, '\\://')
    .replace(/\r?\n/g, ' ');
}

/** Text inside a code span: backticks cannot close it early (replaced by a look-alike), no line breaks. */
function code(s: string): string {
  return s.replace(/`/g, 'ˋ').replace(/\r?\n/g, ' ');
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function short(s: string, n: number): string {
  const one = s.replace(/\s+/g, ' ');
  return one.length > n ? `${one.slice(0, n)}…` : one;
}
