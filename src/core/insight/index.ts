/**
 * Dataset insight: per-sample facts (columnar) -> the figures the stats view and the HTML report plot.
 * Pure (no vscode, no DOM, no Node built-ins), so the curator webview, the extension host and the CLI all
 * run the same code. See build.ts for what each number means.
 */
export { ANALYSED_VERDICTS, buildInsight, checkTargetMix, type InsightOptions } from './build';
export { checkInput, DECISION_CODES, InsightInputBuilder, InsightInputError, insightInputFromRows, type Column, type InsightInput, type InsightRow } from './input';
export {
  AgreementFigure,
  AgreementReport,
  BalanceRow,
  CellRate,
  CROSS_STATUSES,
  DecisionRow,
  DIFFICULTIES,
  GroupRate,
  INSIGHT_REPORT_VERSION,
  INSIGHT_VERDICTS,
  InsightReport,
  MODE_STATUSES,
  RESOLUTION_STATUSES,
  RESOLVED_DECISIONS,
  TargetMix,
  TagFrequency,
  VerdictCounts,
  type CrossStatus,
  type InsightVerdict,
  type ModeStatus,
  type ResolutionStatus,
  type ResolvedDecision,
} from './schema';
export { BENCHMARK_TASKS, compareDifficulties, compareTasks } from './tasks';
