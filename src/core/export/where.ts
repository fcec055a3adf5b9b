/**
 * `--where EXPR` for the export: contract C's query (src/core/query), behind the few calls the export makes.
 * The decision a query sees is the team's (the resolution's decision; a conflict reads as undecided).
 */
import type { SampleFacts } from '../facts';
import { parseWhere, type QueryExtra } from '../query';

export interface ExportWhere {
  /** false when the expression only uses fields known without verify + tag (id, task, difficulty, decision, ...). */
  needsAnalysis: boolean;
  test(facts: SampleFacts, extra: QueryExtra): boolean;
}

/** Parse an expression; throws QueryError (with the column and a caret line) on bad input. */
export function parseExportWhere(expr: string): ExportWhere {
  return parseWhere(expr);
}
