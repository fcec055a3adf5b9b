/**
 * `--where` expressions over a sample's facts: `verdict == pass and backtracks >= 2`,
 * `task in (maze, sudoku) && !mismatch`, `decision == undecided or agreement == conflict`. See parse.ts
 * for the grammar and fields.ts for the fields.
 */
import type { SampleFacts } from '../facts';
import { FIELDS, type QueryExtra } from './fields';
import { compile, fieldsOf, formatQuery, parseQuery, type QueryNode } from './parse';

export { ALIASES, DECISION_VALUES, fieldNames, FIELDS, lookupField, type FieldSpec, type FieldType, type QueryExtra } from './fields';
export { formatQuery, isNumberText, MAX_DEPTH, parseQuery, QueryError, type CompareOp, type QueryNode, type QueryValue } from './parse';

export class WhereQuery {
  /** Canonical names of the fields the expression uses. */
  readonly fields: ReadonlySet<string>;
  /** False when the expression uses only fields known without verifying or tagging (id, task, difficulty, images, decision, agreement). */
  readonly needsAnalysis: boolean;
  /** Uses `decision` (the caller must pass the curator's decision). */
  readonly needsDecision: boolean;
  /** Uses `agreement` (the caller must pass the team's resolution). */
  readonly needsResolution: boolean;
  private readonly predicate: (f: SampleFacts, x: QueryExtra | undefined) => boolean;

  constructor(
    readonly source: string,
    readonly ast: QueryNode,
  ) {
    this.fields = fieldsOf(ast);
    this.needsAnalysis = [...this.fields].some((f) => FIELDS.get(f)?.analysis === true);
    this.needsDecision = this.fields.has('decision');
    this.needsResolution = this.fields.has('agreement');
    this.predicate = compile(ast);
  }

  test(facts: SampleFacts, extra?: QueryExtra): boolean {
    return this.predicate(facts, extra);
  }

  /** The canonical form of the expression. */
  toString(): string {
    return formatQuery(this.ast);
  }
}

/** Parse a `--where` expression. Throws QueryError (column, caret message) on any bad input. */
export function parseWhere(expr: string): WhereQuery {
  return new WhereQuery(expr, parseQuery(expr));
}
