/**
 * The standalone HTML report's script (bundled as dist/report.js + dist/report.css, inlined into one page
 * by src/cli/report.ts renderInsightHtml). Reads the report from `<script type="application/json"
 * id="report-data">` (and the title and time from `#report-meta`), checks it against the schema and draws
 * the same InsightView as the curator. A page has no sample list to filter: a click says, in a note, which
 * filter the curator would apply.
 */
import '../zodConfig';
import '@vscode/codicons/dist/codicon.css';
import './reportTheme.css';
import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { z } from 'zod';
import { InsightReport } from '../../src/core/insight';
import type { Filter } from '../../src/protocol/curator';
import { describeFilter } from './format';
import { InsightView } from './InsightView';

const ReportMeta = z.object({ title: z.string(), generatedAt: z.string(), source: z.string().optional() });
type ReportMeta = z.infer<typeof ReportMeta>;

function readJson(id: string): unknown {
  const text = document.getElementById(id)?.textContent;
  if (!text) throw new Error(`the page has no #${id}`);
  return JSON.parse(text);
}

function Report({ report, meta }: { report: InsightReport; meta: ReportMeta }) {
  const [note, setNote] = useState('');
  const onFilter = (f: Filter): void => setNote(`In the Helix Curator this filters the sample list to ${describeFilter(f)}.`);
  const when = new Date(meta.generatedAt);
  const subtitle = `${meta.source ?? meta.title} · ${Number.isNaN(when.getTime()) ? meta.generatedAt : when.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' })}`;
  return (
    <>
      <InsightView report={report} onFilter={onFilter} subtitle={subtitle} />
      <p className="report-note" role="status" data-testid="report-note">
        {note}
      </p>
    </>
  );
}

const root = document.getElementById('root');
if (root) {
  let content;
  try {
    const report = InsightReport.parse(readJson('report-data'));
    const meta = ReportMeta.parse(readJson('report-meta'));
    content = <Report report={report} meta={meta} />;
  } catch (e) {
    content = <p className="report-error">This report cannot be shown: {e instanceof Error ? e.message : String(e)}</p>;
  }
  createRoot(root).render(<StrictMode>{content}</StrictMode>);
}
