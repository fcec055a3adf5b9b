/**
 * The dataset insight: one chart per figure of an InsightReport (src/core/insight), each with an HTML legend,
 * a one-line summary and a keyboard-reachable data table. A click on a bar (or Enter on a table row) calls
 * `onFilter` with the curator list's Filter for what the bar stands for: a task, a difficulty, a verdict of a
 * task, a tag, a decision, an agreement status. Figures whose bars have no filter equivalent (positions,
 * length bins) say so.
 *
 * Colours come only from the `--vscode-*` theme variables (palette.ts); the view re-reads them when the
 * theme changes.
 */
import './insight.css';
import { useMemo, type ReactNode } from 'react';
import {
  INSIGHT_VERDICTS,
  RESOLUTION_STATUSES,
  type AgreementReport,
  type CrossStatus,
  type InsightReport,
  type InsightVerdict,
} from '../../src/core/insight';
import type { Filter, ListVerdict } from '../../src/protocol/curator';
import { BarChart, type Series } from './BarChart';
import { ChartFigure, type FigureTable } from './ChartFigure';
import { chars, count, describeFilter, difficultyLabel, kappa, percent, taskLabel } from './format';
import { cssVar, DECISION_ROLE, RESOLUTION_ROLE, TAG_ROLE, useThemePalette, VERDICT_ROLE, type Palette } from './palette';

export interface InsightViewProps {
  report: InsightReport;
  onFilter: (filter: Filter) => void;
  /** A line under the title (the dataset, when it was computed). */
  subtitle?: ReactNode;
}

/** A chart's data and what its bars mean as filters. */
interface Spec {
  id: string;
  title: string;
  summary: ReactNode;
  categories: string[];
  series: Series[];
  horizontal?: boolean;
  stacked?: boolean;
  percent?: boolean;
  valueAxis?: string;
  categoryAxis?: string;
  /** Filter of a bar (series, category); undefined: the bar does not filter. */
  barFilter?: (series: number, category: number) => Filter | undefined;
  categoryFilter?: (category: number) => Filter | undefined;
  table: FigureTable;
  legend?: boolean;
}

const horizontalHeight = (rows: number): number => Math.max(120, 48 + rows * 20);
const VERTICAL_HEIGHT = 240;

/** The list verdict a cell of the reference x strict table stands for (mismatches, listed first, excepted). */
function crossVerdicts(reference: CrossStatus, strict: CrossStatus | null): ListVerdict[] {
  if (reference === 'pass') return strict === null ? ['pass', 'lenient'] : strict === 'pass' ? ['pass'] : ['lenient'];
  return [reference];
}

const withLabel = (f: Filter) => ({ filter: f, filterLabel: `Filter the list to ${describeFilter(f)}` });

function verdictsInUse(report: InsightReport): InsightVerdict[] {
  return INSIGHT_VERDICTS.filter((v) => report.passRate.overall.verdicts[v] > 0);
}

function buildSpecs(report: InsightReport): { verdicts: Spec[]; reflection: Spec[]; lengths: Spec[]; decisions: Spec[]; balance: Spec[] } {
  const pr = report.passRate;
  const tasks = pr.byTask.map((r) => r.key);
  const taskNames = tasks.map(taskLabel);
  const used = verdictsInUse(report);

  const passTask: Spec = {
    id: 'pass-task',
    title: 'Pass rate per task',
    summary: `Passes among the samples each verifier mode could judge (pass or fail; error and unsupported left out). Overall: reference ${percent(pr.overall.rate)} of ${count(pr.overall.judged)}, strict ${percent(pr.overall.strictRate)} of ${count(pr.overall.strictJudged)}.`,
    categories: taskNames,
    series: [
      { label: 'Reference', role: 'blue', data: pr.byTask.map((r) => r.rate ?? 0) },
      { label: 'Strict', role: 'orange', data: pr.byTask.map((r) => r.strictRate ?? 0) },
    ],
    horizontal: true,
    percent: true,
    valueAxis: 'pass rate',
    legend: true,
    barFilter: (_s, i) => ({ tasks: [tasks[i]!] }),
    categoryFilter: (i) => ({ tasks: [tasks[i]!] }),
    table: {
      head: ['Task', 'Samples', 'Judged', 'Reference', 'Strict'],
      rows: pr.byTask.map((r) => ({ key: r.key, cells: [taskLabel(r.key), count(r.samples), count(r.judged), percent(r.rate), percent(r.strictRate)], ...withLabel({ tasks: [r.key] }) })),
    },
  };

  const verdictTask: Spec = {
    id: 'verdicts-task',
    title: 'Verdicts per task',
    summary: 'Every sample by its list verdict (a mismatch with the stored verdict first, then a lenient pass, then the reference verdict).',
    categories: taskNames,
    series: used.map((v) => ({ label: v, role: VERDICT_ROLE[v], data: pr.byTask.map((r) => r.verdicts[v]) })),
    horizontal: true,
    stacked: true,
    valueAxis: 'samples',
    legend: true,
    barFilter: (s, i) => ({ tasks: [tasks[i]!], verdicts: [used[s]!] }),
    categoryFilter: (i) => ({ tasks: [tasks[i]!] }),
    table: {
      head: ['Task', ...used],
      rows: pr.byTask.map((r) => ({ key: r.key, cells: [taskLabel(r.key), ...used.map((v) => count(r.verdicts[v]))], ...withLabel({ tasks: [r.key] }) })),
    },
  };

  const diffs = pr.byDifficulty.map((r) => r.key);
  const passDifficulty: Spec = {
    id: 'pass-difficulty',
    title: 'Pass rate per difficulty',
    summary: 'Reference and strict pass rates per difficulty level.',
    categories: diffs.map(difficultyLabel),
    series: [
      { label: 'Reference', role: 'blue', data: pr.byDifficulty.map((r) => r.rate ?? 0) },
      { label: 'Strict', role: 'orange', data: pr.byDifficulty.map((r) => r.strictRate ?? 0) },
    ],
    percent: true,
    valueAxis: 'pass rate',
    categoryAxis: 'difficulty',
    legend: true,
    barFilter: (_s, i) => ({ difficulties: [diffs[i]!] }),
    categoryFilter: (i) => ({ difficulties: [diffs[i]!] }),
    table: {
      head: ['Difficulty', 'Samples', 'Judged', 'Reference', 'Strict'],
      rows: pr.byDifficulty.map((r) => ({ key: r.key, cells: [difficultyLabel(r.key), count(r.samples), count(r.judged), percent(r.rate), percent(r.strictRate)], ...withLabel({ difficulties: [r.key] }) })),
    },
  };

  const statuses = report.cross.statuses;
  const cross: Spec = {
    id: 'cross',
    title: 'Reference vs strict verdicts',
    summary: `Analysed samples by reference verdict (bars) and strict verdict (segments); ${count(report.cross.disagree)} where the two modes differ. A click filters by the matching list verdict (a reference pass with a strict non-pass is a lenient pass).`,
    categories: statuses.map((s) => `reference ${s}`),
    series: statuses.map((s, j) => ({ label: `strict ${s}`, role: s === 'none' ? 'disabled' : VERDICT_ROLE[s], data: statuses.map((_, i) => report.cross.cells[i]![j]!) })),
    stacked: true,
    valueAxis: 'samples',
    legend: true,
    barFilter: (j, i) => ({ verdicts: crossVerdicts(statuses[i]!, statuses[j]!) }),
    categoryFilter: (i) => ({ verdicts: crossVerdicts(statuses[i]!, null) }),
    table: {
      head: ['Reference \\ strict', ...statuses],
      rows: statuses.map((s, i) => ({ key: s, cells: [s, ...report.cross.cells[i]!.map(count)], ...withLabel({ verdicts: crossVerdicts(s, null) }) })),
    },
  };

  // The chart shows the tasks with mismatches; the table every task that was checked.
  const mm = report.mismatches.byTask.filter((r) => r.mismatches > 0);
  const checked = report.mismatches.byTask.filter((r) => r.checked > 0);
  const mismatches: Spec = {
    id: 'mismatches',
    title: 'Mismatches per task',
    summary: `Samples whose stored verdict disagrees with the re-run: ${count(report.mismatches.total)} in all.`,
    categories: mm.map((r) => taskLabel(r.key)),
    series: [{ label: 'Mismatches', role: 'purple', data: mm.map((r) => r.mismatches) }],
    horizontal: true,
    valueAxis: 'samples',
    barFilter: (_s, i) => ({ tasks: [mm[i]!.key], verdicts: ['mismatch'] }),
    categoryFilter: (i) => ({ tasks: [mm[i]!.key], verdicts: ['mismatch'] }),
    table: {
      head: ['Task', 'Checked', 'Mismatches', 'Share'],
      rows: checked.map((r) => ({ key: r.key, cells: [taskLabel(r.key), count(r.checked), count(r.mismatches), percent(r.share)], ...withLabel({ tasks: [r.key], verdicts: ['mismatch'] }) })),
    },
  };

  const tg = report.tags;
  const tags: Spec = {
    id: 'tags',
    title: 'Reflection tags',
    summary: `Share of the ${count(tg.traced)} traced samples with at least one step carrying each tag; ${tg.meanSteps === null ? '–' : tg.meanSteps.toFixed(1)} steps per sample on average.`,
    categories: tg.tags.map((t) => t.tag),
    series: [{ label: 'Samples with the tag', role: 'blue', roles: tg.tags.map((t) => TAG_ROLE[t.tag]), data: tg.tags.map((t) => t.share ?? 0) }],
    percent: true,
    valueAxis: 'share of samples',
    barFilter: (_s, i) => ({ tags: [{ tag: tg.tags[i]!.tag, min: 1 }] }),
    categoryFilter: (i) => ({ tags: [{ tag: tg.tags[i]!.tag, min: 1 }] }),
    table: {
      head: ['Tag', 'Samples', 'Share', 'Tagged steps per sample'],
      rows: tg.tags.map((t) => ({ key: t.tag, cells: [t.tag, count(t.samples), percent(t.share), t.meanSteps === null ? '–' : t.meanSteps.toFixed(2)], ...withLabel({ tags: [{ tag: t.tag, min: 1 }] }) })),
    },
  };

  const pos = report.positions;
  const positions: Spec = {
    id: 'positions',
    title: 'Where the first reflection comes',
    summary: `Relative position of the first reflective step (verification, backtracking, correction) in the thinking, 0 = first step, 1 = last: ${count(pos.withReflection)} samples, median ${pos.median === null ? '–' : pos.median.toFixed(2)}; ${count(pos.without)} traced samples have none. (No list filter for positions.)`,
    categories: pos.bins.map((b) => `${b.from.toFixed(1)}–${b.to.toFixed(1)}`),
    series: [{ label: 'Samples', role: 'blue', data: pos.bins.map((b) => b.count) }],
    valueAxis: 'samples',
    categoryAxis: 'relative position',
    table: { head: ['Position', 'Samples'], rows: pos.bins.map((b) => ({ key: `${b.from}`, cells: [`${b.from.toFixed(1)}–${b.to.toFixed(1)}`, count(b.count)] })) },
  };

  const L = report.lengths;
  const lenVerdicts = used.filter((v) => v !== 'pending' && L.bins.some((b) => b.verdicts[v] > 0));
  const lengths: Spec = {
    id: 'lengths',
    title: 'Trace lengths',
    summary: `Response length in characters (log-spaced bins, ${L.binsPerDecade} per factor of ten), by verdict: median ${L.overall.p50 === null ? '–' : chars(L.overall.p50)}, 90th percentile ${L.overall.p90 === null ? '–' : chars(L.overall.p90)}; ${count(L.empty)} analysed samples without a response. A click on a segment filters by its verdict (the list has no length filter).`,
    categories: L.bins.map((b) => `${chars(b.from)}–${chars(b.to)}`),
    series: lenVerdicts.map((v) => ({ label: v, role: VERDICT_ROLE[v], data: L.bins.map((b) => b.verdicts[v]) })),
    stacked: true,
    valueAxis: 'samples',
    categoryAxis: 'characters',
    legend: true,
    barFilter: (s) => ({ verdicts: [lenVerdicts[s]!] }),
    table: {
      head: ['Characters', 'Samples', ...lenVerdicts],
      rows: L.bins.map((b) => ({ key: `${b.from}`, cells: [`${chars(b.from)}–${chars(b.to)}`, count(b.count), ...lenVerdicts.map((v) => count(b.verdicts[v]))] })),
    },
  };

  const D = report.decisions;
  const decisionKinds = ['accept', 'reject', 'flag', 'conflict', 'undecided'] as const;
  const decisionFilter = (k: (typeof decisionKinds)[number], task: string): Filter =>
    k === 'conflict' ? { tasks: [task], agreement: ['conflict'] } : { tasks: [task], decisions: [k] };
  const decisions: Spec = {
    id: 'decisions',
    title: 'Decisions per task',
    summary: `The team's decision on each sample: ${count(D.overall.accept)} accepted, ${count(D.overall.reject)} rejected, ${count(D.overall.flag)} flagged, ${count(D.overall.conflict)} in conflict, ${count(D.overall.undecided)} undecided; ${count(D.overall.stale)} decided on content that has changed since.`,
    categories: D.byTask.map((r) => taskLabel(r.key)),
    series: decisionKinds.map((k) => ({ label: k, role: DECISION_ROLE[k], data: D.byTask.map((r) => r[k]) })),
    horizontal: true,
    stacked: true,
    valueAxis: 'samples',
    legend: true,
    barFilter: (s, i) => decisionFilter(decisionKinds[s]!, D.byTask[i]!.key),
    categoryFilter: (i) => ({ tasks: [D.byTask[i]!.key] }),
    table: {
      head: ['Task', ...decisionKinds, 'stale'],
      rows: D.byTask.map((r) => ({ key: r.key, cells: [taskLabel(r.key), ...decisionKinds.map((k) => count(r[k])), count(r.stale)], ...withLabel({ tasks: [r.key] }) })),
    },
  };

  const resolution: Spec = {
    id: 'resolution',
    title: 'Agreement between curators',
    summary: 'How the curators’ journals resolve per sample: one decision, all agreeing, in conflict, or ruled by an adjudicator.',
    categories: [...RESOLUTION_STATUSES],
    series: [{ label: 'Samples', role: 'blue', roles: RESOLUTION_STATUSES.map((s) => RESOLUTION_ROLE[s]), data: RESOLUTION_STATUSES.map((s) => D.resolution[s]) }],
    valueAxis: 'samples',
    barFilter: (_s, i) => ({ agreement: [RESOLUTION_STATUSES[i]!] }),
    categoryFilter: (i) => ({ agreement: [RESOLUTION_STATUSES[i]!] }),
    table: {
      head: ['Status', 'Samples'],
      rows: RESOLUTION_STATUSES.map((s) => ({ key: s, cells: [s, count(D.resolution[s])], ...withLabel({ agreement: [s] }) })),
    },
  };

  const kappaSpec = (id: string, title: string, a: AgreementReport, what: string): Spec => {
    const keys = Object.keys(a.perTask);
    return {
      id,
      title,
      summary: `${a.overall.method === 'cohen' ? "Cohen's" : "Fleiss'"} kappa on ${what}: ${kappa(a.overall.kappa)} overall, from ${a.overall.raters} curators on ${count(a.overall.items)} samples${a.overall.note ? ` (${a.overall.note})` : ''}.`,
      categories: keys.map(taskLabel),
      series: [{ label: 'kappa', role: 'green', data: keys.map((k) => a.perTask[k]!.kappa ?? 0) }],
      horizontal: true,
      valueAxis: 'kappa',
      barFilter: (_s, i) => ({ tasks: [keys[i]!], agreement: ['conflict'] }),
      categoryFilter: (i) => ({ tasks: [keys[i]!], agreement: ['conflict'] }),
      table: {
        head: ['Task', 'Kappa', 'Method', 'Curators', 'Samples', 'Observed agreement'],
        rows: [
          { key: '\u0000overall', cells: ['all tasks', kappa(a.overall.kappa), a.overall.method, String(a.overall.raters), count(a.overall.items), percent(a.overall.observed)], ...withLabel({ agreement: ['conflict'] }) },
          ...keys.map((k) => {
            const f = a.perTask[k]!;
            return { key: k, cells: [taskLabel(k), kappa(f.kappa), f.method, String(f.raters), count(f.items), percent(f.observed)], ...withLabel({ tasks: [k], agreement: ['conflict'] }) };
          }),
        ],
      },
    };
  };
  const agreementSpecs: Spec[] = [];
  if (D.agreement.decisions) agreementSpecs.push(kappaSpec('kappa-decisions', 'Agreement on decisions (kappa per task)', D.agreement.decisions, 'accept / reject / flag'));
  if (D.agreement.tags) agreementSpecs.push(kappaSpec('kappa-tags', 'Agreement on step tags (kappa per task)', D.agreement.tags, 'step tags'));

  const B = report.balance;
  const mixName = B.mix === 'uniform' ? 'a uniform mix' : 'the target mix';
  const balanceTasks: Spec = {
    id: 'balance-tasks',
    title: 'Accepted set across the 42 tasks',
    summary: `${count(B.accepted)} accepted samples against ${mixName}: ${count(B.taskShortfall)} samples short in all${B.otherTasks ? `; ${count(B.otherTasks)} accepted samples of other tasks` : ''}.`,
    categories: B.tasks.map((r) => r.key),
    series: [
      { label: 'Accepted share', role: 'blue', data: B.tasks.map((r) => r.actualShare ?? 0) },
      { label: 'Target share', role: 'neutral', data: B.tasks.map((r) => r.targetShare) },
    ],
    horizontal: true,
    percent: true,
    valueAxis: 'share of the accepted set',
    legend: true,
    barFilter: (_s, i) => ({ tasks: [B.tasks[i]!.key], decisions: ['accept'] }),
    categoryFilter: (i) => ({ tasks: [B.tasks[i]!.key], decisions: ['accept'] }),
    table: {
      head: ['Task', 'Accepted', 'Share', 'Target share', 'Target', 'Short by'],
      rows: B.tasks.map((r) => ({ key: r.key, cells: [r.key, count(r.actual), percent(r.actualShare), percent(r.targetShare), r.target.toFixed(1), count(r.shortfall)], ...withLabel({ tasks: [r.key], decisions: ['accept'] }) })),
    },
  };
  const balanceDiffs: Spec = {
    id: 'balance-difficulties',
    title: 'Accepted set across the 5 difficulties',
    summary: `${count(B.difficultyShortfall)} samples short of ${mixName}${B.otherDifficulties ? `; ${count(B.otherDifficulties)} accepted samples of other difficulties` : ''}.`,
    categories: B.difficulties.map((r) => r.key),
    series: [
      { label: 'Accepted share', role: 'blue', data: B.difficulties.map((r) => r.actualShare ?? 0) },
      { label: 'Target share', role: 'neutral', data: B.difficulties.map((r) => r.targetShare) },
    ],
    percent: true,
    valueAxis: 'share of the accepted set',
    categoryAxis: 'difficulty',
    legend: true,
    barFilter: (_s, i) => ({ difficulties: [B.difficulties[i]!.key], decisions: ['accept'] }),
    categoryFilter: (i) => ({ difficulties: [B.difficulties[i]!.key], decisions: ['accept'] }),
    table: {
      head: ['Difficulty', 'Accepted', 'Share', 'Target share', 'Target', 'Short by'],
      rows: B.difficulties.map((r) => ({ key: r.key, cells: [r.key, count(r.actual), percent(r.actualShare), percent(r.targetShare), r.target.toFixed(1), count(r.shortfall)], ...withLabel({ difficulties: [r.key], decisions: ['accept'] }) })),
    },
  };

  return {
    verdicts: [passTask, verdictTask, passDifficulty, cross, mismatches],
    reflection: [tags, positions],
    lengths: [lengths],
    decisions: [decisions, resolution, ...agreementSpecs],
    balance: [balanceTasks, balanceDiffs],
  };
}

function Figure({ spec, palette, onFilter, report }: { spec: Spec; palette: Palette; onFilter: (f: Filter) => void; report: InsightReport }) {
  const apply = (f: Filter | undefined): void => {
    if (f) onFilter(f);
  };
  const legend = spec.legend ? spec.series.map((s) => ({ label: s.label, role: s.role })) : undefined;
  const rows = spec.categories.length;
  const empty = rows === 0 || spec.series.every((s) => s.data.every((v) => v === 0));
  return (
    <ChartFigure id={spec.id} title={spec.title} summary={spec.summary} table={spec.table} onFilter={onFilter} {...(legend ? { legend } : {})}>
      {empty ? (
        <p className="insight-empty" data-testid={`empty-${spec.id}`}>
          Nothing to plot{report.pending > 0 ? ' yet' : ''}.
        </p>
      ) : (
        <BarChart
          label={`${spec.title}: bar chart${spec.barFilter ? ', a bar filters the sample list' : ''}`}
          categories={spec.categories}
          series={spec.series}
          palette={palette}
          height={spec.horizontal ? horizontalHeight(rows) : VERTICAL_HEIGHT}
          horizontal={spec.horizontal ?? false}
          stacked={spec.stacked ?? false}
          percent={spec.percent ?? false}
          {...(spec.valueAxis ? { valueAxis: spec.valueAxis } : {})}
          {...(spec.categoryAxis ? { categoryAxis: spec.categoryAxis } : {})}
          {...(spec.barFilter ? { onBar: (s: number, i: number) => apply(spec.barFilter!(s, i)) } : {})}
          {...(spec.categoryFilter ? { onCategory: (i: number) => apply(spec.categoryFilter!(i)) } : {})}
          testId={`chart-${spec.id}`}
        />
      )}
    </ChartFigure>
  );
}

/** Task x difficulty pass rates as a heat table: each cell a button filtering to that task and difficulty. */
function CellGrid({ report, onFilter }: { report: InsightReport; onFilter: (f: Filter) => void }) {
  const tasks = report.passRate.byTask.map((r) => r.key);
  const diffs = report.passRate.byDifficulty.map((r) => r.key);
  const cells = new Map(report.passRate.cells.map((c) => [`${c.task}\u0000${c.difficulty}`, c]));
  return (
    <section className="insight-figure" aria-labelledby="insight-cells-h" data-testid="figure-cells">
      <header className="insight-figure-head">
        <h3 id="insight-cells-h">Pass rate per task and difficulty</h3>
      </header>
      <p className="insight-summary">Reference pass rate of each task at each difficulty (the colour’s strength is the rate; the number of judged samples in brackets). A cell filters the list to that task and difficulty.</p>
      <div className="insight-grid-wrap">
        <table className="insight-grid" aria-label="Pass rate per task and difficulty">
          <thead>
            <tr>
              <th scope="col">Task</th>
              {diffs.map((d) => (
                <th key={d} scope="col">
                  {difficultyLabel(d)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {tasks.map((t) => (
              <tr key={t}>
                <th scope="row">{taskLabel(t)}</th>
                {diffs.map((d) => {
                  const c = cells.get(`${t}\u0000${d}`);
                  if (!c) return <td key={d} className="insight-grid-empty" />;
                  const filter: Filter = { tasks: [t], difficulties: [d] };
                  const strength = c.rate === null ? 0 : Math.round(10 + c.rate * 50);
                  return (
                    <td key={d}>
                      <button
                        type="button"
                        className="insight-cell"
                        style={c.rate === null ? undefined : { backgroundColor: `color-mix(in srgb, ${cssVar('green')} ${strength}%, transparent)` }}
                        aria-label={`${taskLabel(t)}, difficulty ${difficultyLabel(d)}: ${percent(c.rate)} of ${c.judged} judged (${c.samples} samples). Filter the list to it.`}
                        onClick={() => onFilter(filter)}
                      >
                        {percent(c.rate, 0)} <span className="muted">({c.judged})</span>
                      </button>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="insight-section">
      <h2>{title}</h2>
      <div className="insight-figures">{children}</div>
    </section>
  );
}

export function InsightView({ report, onFilter, subtitle }: InsightViewProps) {
  const palette = useThemePalette();
  const specs = useMemo(() => buildSpecs(report), [report]);
  const fig = (s: Spec) => <Figure key={s.id} spec={s} palette={palette} onFilter={onFilter} report={report} />;
  const o = report.passRate.overall;
  const headline: Array<[string, string]> = [
    ['samples', count(report.samples)],
    ['analysed', count(report.samples - report.pending)],
    ['reference pass rate', percent(o.rate)],
    ['strict pass rate', percent(o.strictRate)],
    ['mismatches', count(report.mismatches.total)],
    ['accepted', count(report.balance.accepted)],
  ];
  return (
    <div className="insight" data-theme-kind={palette.kind}>
      <header className="insight-head">
        <h1>Dataset insight</h1>
        {subtitle && <p className="muted">{subtitle}</p>}
        <dl className="insight-headline">
          {headline.map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd>{v}</dd>
            </div>
          ))}
        </dl>
        {report.pending > 0 && (
          <p className="insight-note" role="status">
            <span className="codicon codicon-loading" aria-hidden="true" /> {count(report.pending)} samples are not analysed yet: verdict, tag and length figures leave them out.
          </p>
        )}
      </header>
      <Section title="Verdicts">
        {specs.verdicts.slice(0, 3).map(fig)}
        <CellGrid report={report} onFilter={onFilter} />
        {specs.verdicts.slice(3).map(fig)}
      </Section>
      <Section title="Reflection">{specs.reflection.map(fig)}</Section>
      <Section title="Trace lengths">{specs.lengths.map(fig)}</Section>
      <Section title="Decisions and agreement">
        {specs.decisions.map(fig)}
        {!report.decisions.agreement.decisions && <p className="insight-note">Kappa needs the journals of two or more curators.</p>}
      </Section>
      <Section title="Balance of the accepted set">{specs.balance.map(fig)}</Section>
    </div>
  );
}
