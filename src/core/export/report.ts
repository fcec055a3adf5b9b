/**
 * The human side of the export report: `OUT.report.md` and the summary the CLI prints before writing.
 */
import { policyLines } from './check';
import { CHECK_CODES, type ExportReport } from './schema';

const n = (x: number): string => x.toLocaleString('en-US');

/** A few lines: what leaves, what is excluded and why (counts per check). */
export function renderSummary(r: ExportReport): string {
  const c = r.counts;
  const lines = [
    `${r.dataset}: ${n(c.samples)} samples, ${n(c.accepted)} accepted by the team` +
      `${c.filteredOut ? `, ${n(c.filteredOut)} left out by --ids/--where` : ''}; ${n(c.exportable)} exportable, ${n(c.excluded)} excluded` +
      `${c.conflicts ? ` (${n(c.conflicts)} in conflict)` : ''}`,
  ];
  for (const code of CHECK_CODES) {
    const fc = r.findingCounts[code];
    if (!fc) continue;
    const policy = r.policy[code];
    const first = r.findings.find((f) => f.code === code);
    const at = first ? ` e.g. ${first.id ?? ''}${first.line !== null ? ` (line ${first.line})` : first.row !== null ? ` (row ${first.row})` : ''}: ${first.message}` : '';
    lines.push(`  ${policy === 'blocks' ? 'EXCLUDED' : policy === 'warns' ? 'warning ' : 'note    '} ${code}: ${n(fc.total)}${at}`);
  }
  if (r.written) {
    const w = r.written;
    lines.push(`wrote ${n(c.written)} samples to ${w.output} (${(w.outputBytes / 1048576).toFixed(1)} MiB)` +
      `${w.imageFiles ? `, ${n(w.imageFiles)} image files in ${w.imagesDir}` : ''}${w.linkFallbacks ? ` (${n(w.linkFallbacks)} copied where a link failed)` : ''}`);
    if (w.datasetInfo) lines.push(`dataset_info.json entry: ${w.datasetInfo}`);
    lines.push(`report: ${w.reportMd}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Text safe in Markdown: `<image>` must not read as an HTML tag. */
function md(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function cell(s: string): string {
  return md(s).replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** OUT.report.md: the summary, the policy, and every listed finding as a table. */
export function renderReportMarkdown(r: ExportReport): string {
  const out: string[] = [`# Export report: ${r.output}`, ''];
  out.push(`- dataset: \`${r.dataset}\``, `- journals: ${r.journals.map((j) => `\`${j}\``).join(', ')}`, `- format: ${r.format}; images: ${r.options.images}${r.options.imageDataUri ? ' (data URIs)' : ''}; think: ${r.options.dropThink ? 'dropped' : 'kept'}; metadata: ${r.options.metadata ? 'yes' : 'no'}`);
  if (r.options.where) out.push(`- where: \`${r.options.where}\``);
  if (r.options.ids !== null) out.push(`- ids: ${r.options.ids} given`);
  if (r.options.maxChars !== null) out.push(`- length limit: ${n(r.options.maxChars)} characters`);
  const c = r.counts;
  out.push('', '## Counts', '', '| samples | accepted | left out by filter | exportable | excluded | in conflict | written |', '|---|---|---|---|---|---|---|');
  out.push(`| ${n(c.samples)} | ${n(c.accepted)} | ${n(c.filteredOut)} | ${n(c.exportable)} | ${n(c.excluded)} | ${n(c.conflicts)} | ${n(c.written)} |`);
  out.push('', '## Checks', '', '| check | policy | found | listed |', '|---|---|---|---|');
  for (const code of CHECK_CODES) {
    const fc = r.findingCounts[code] ?? { total: 0, listed: 0 };
    out.push(`| ${code} | ${r.policy[code] ?? ''} | ${n(fc.total)} | ${n(fc.listed)} |`);
  }
  out.push('', '## Policy', '', ...policyLines(r.policy).map(md));
  if (r.findings.length > 0) {
    out.push('', '## Findings', '', '| check | severity | sample | line | row | message |', '|---|---|---|---|---|---|');
    for (const f of r.findings) out.push(`| ${f.code} | ${f.severity} | ${cell(f.id ?? '')} | ${f.line ?? ''} | ${f.row ?? ''} | ${cell(f.message)} |`);
  }
  if (r.written) {
    const w = r.written;
    out.push('', '## Written', '', `- output: \`${w.output}\` (${n(w.outputBytes)} bytes, ${n(c.written)} samples)`);
    if (w.imagesDir) out.push(`- images: ${n(w.imageFiles)} files (${n(w.imageBytes)} bytes) in \`${w.imagesDir}\``);
    if (w.datasetInfo) out.push(`- LLaMA-Factory entry in \`${w.datasetInfo}\``);
  }
  out.push('', `check ${n(r.timings.checkMs)} ms, write ${n(r.timings.writeMs)} ms`, '');
  return out.join('\n');
}
