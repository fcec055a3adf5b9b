/**
 * Property tests of the --where parser (fast-check): any string either parses or throws QueryError (never
 * another error, never a hang or a stack overflow), and any well-formed tree prints to text that parses
 * back to the same tree.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { zeroTagCounts, type SampleFacts } from '../../../src/core/facts';
import { FIELDS, formatQuery, parseQuery, parseWhere, QueryError, type CompareOp, type FieldSpec, type QueryNode, type QueryValue } from '../../../src/core/query';

const FACTS: SampleFacts = {
  id: 'x', task: 'maze', difficulty: '2', verdict: 'fail', reference: 'fail', strict: 'fail', mismatch: false, lenient: false,
  tags: zeroTagCounts(), steps: 3, chars: 10, tokens: 4, reflectiveSteps: 0, backtracks: 0, firstReflection: null, revised: false, images: 0, hash: '0123456789abcdef',
};

/** Parse; any outcome but QueryError fails the property. Evaluates what parses (it must not throw either). */
function parsesOrQueryError(s: string): void {
  try {
    parseWhere(s).test(FACTS, { decision: 'accept', resolution: 'agreed' });
  } catch (e) {
    if (!(e instanceof QueryError)) throw new Error(`${JSON.stringify(s)} threw ${String(e)}`, { cause: e });
    expect(e.column).toBeGreaterThanOrEqual(1);
    expect(e.column).toBeLessThanOrEqual(s.length + 1);
  }
}

const PIECES = ['(', ')', ',', ' and ', ' or ', ' not ', '!', '&&', '||', '&', '|', '==', '=', '!=', '<', '<=', '>', '>=', ' in ', 'steps', 'verdict', 'pass', 'tags.subgoal', 'backtracking', 'difficulty', 'task', 'null', 'true', '"a b', '"', "'", '\\', '1', '-2.5e3', '1e', '.5', 'x-y', ' ', '\n', '\t', '💥', 'é'];

describe('random input', () => {
  it('random strings: parse or QueryError', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), parsesOrQueryError), { numRuns: 3000 });
  });

  it('random token soup: parse or QueryError', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 60 }).map((a) => a.join('')), parsesOrQueryError), { numRuns: 5000 });
  });

  it('huge inputs stay linear and never overflow the stack', () => {
    const started = performance.now();
    const chain = Array.from({ length: 20_000 }, (_, i) => `steps > ${i}`).join(' or ');
    const q = parseWhere(chain);
    expect(q.test(FACTS)).toBe(true);
    expect(q.test({ ...FACTS, steps: 0 })).toBe(false);
    expect(formatQuery(parseQuery(q.toString()))).toBe(chain); // (a deep-equal of the 20k-deep tree would overflow vitest's stack)
    parsesOrQueryError('('.repeat(100_000));
    parsesOrQueryError('!'.repeat(100_000));
    parsesOrQueryError(`"${'a'.repeat(200_000)}`);
    parsesOrQueryError(`task == constructor or task == __proto__ or ${'steps > 1 and '.repeat(10_000)}`);
    parsesOrQueryError(`${'x'.repeat(200_000)} == 1`);
    parsesOrQueryError('1'.repeat(200_000));
    // Generous bound (a loaded 2-core CI machine): catches quadratic behaviour (minutes at these sizes), not a benchmark.
    expect(performance.now() - started).toBeLessThan(20_000);
  });
});

// Well-formed trees ---------------------------------------------------------------------------------

const finite = fc.double({ noNaN: true, noDefaultInfinity: true }).filter((x) => !Object.is(x, -0));
const num = fc.oneof(fc.integer({ min: -1_000_000, max: 1_000_000 }), finite);

function valueOf(spec: FieldSpec): fc.Arbitrary<QueryValue> {
  switch (spec.type) {
    case 'number':
      return num;
    case 'boolean':
      return fc.boolean();
    case 'enum':
      return fc.constantFrom(...spec.values!);
    case 'numeric-string':
      return fc.oneof(num, fc.string());
    case 'string':
      return fc.string({ unit: 'binary' });
  }
}

const ORDER_OPS: CompareOp[] = ['==', '!=', '<', '<=', '>', '>='];
const EQ_OPS: CompareOp[] = ['==', '!='];
const specs = [...FIELDS.values()];

const leaf: fc.Arbitrary<QueryNode> = fc.constantFrom(...specs).chain((spec): fc.Arbitrary<QueryNode> => {
  const ordered = spec.type === 'number' || spec.type === 'numeric-string';
  const compare = fc.record({ kind: fc.constant('compare' as const), field: fc.constant(spec.name), op: fc.constantFrom(...(ordered ? ORDER_OPS : EQ_OPS)), value: valueOf(spec) });
  const nullCompare = fc.record({ kind: fc.constant('compare' as const), field: fc.constant(spec.name), op: fc.constantFrom(...EQ_OPS), value: fc.constant(null) });
  const inList = fc.record({ kind: fc.constant('in' as const), field: fc.constant(spec.name), values: fc.array(valueOf(spec), { minLength: 1, maxLength: 4 }), negated: fc.boolean() });
  const options: fc.Arbitrary<QueryNode>[] = [compare, inList];
  if (spec.nullable) options.push(nullCompare);
  if (spec.type === 'boolean' || spec.type === 'number') options.push(fc.constant({ kind: 'truthy' as const, field: spec.name }));
  return fc.oneof(...options);
});

const tree = fc.letrec<{ node: QueryNode }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.record({ kind: fc.constantFrom('and' as const, 'or' as const), left: tie('node'), right: tie('node') }),
    fc.record({ kind: fc.constant('not' as const), operand: tie('node') }),
  ),
})).node;

/** The tree written in a random style: aliases, symbols for keywords, '=' for '==', single quotes, bare enum values, extra parentheses. */
function styled(node: QueryNode, seed: number): string {
  let state = seed >>> 0 || 1;
  const coin = (): boolean => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return (state >>> 16) % 2 === 0;
  };
  const quote = (v: string): string => (coin() ? `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'` : formatValueLike(v));
  const formatValueLike = (v: string): string => formatQuery({ kind: 'compare', field: 'id', op: '==', value: v }).slice('id == '.length);
  const value = (field: string, v: QueryValue): string => (typeof v === 'string' ? (FIELDS.get(field)?.type === 'enum' && coin() ? v : quote(v)) : formatQuery({ kind: 'compare', field: 'steps', op: '==', value: v }).slice('steps == '.length));
  const name = (field: string): string => (field.startsWith('tags.') && coin() ? field.slice(5) : field === 'chars' && coin() ? 'length' : coin() ? field : field.toUpperCase());
  const prec: Record<QueryNode['kind'], number> = { or: 1, and: 2, not: 3, compare: 4, in: 4, truthy: 4 };
  const go = (n: QueryNode, min: number): string => {
    const text = body(n);
    return prec[n.kind] < min || coin() ? `(${text})` : text;
  };
  const body = (n: QueryNode): string => {
    switch (n.kind) {
      case 'or':
      case 'and':
        return `${go(n.left, prec[n.kind])} ${n.kind === 'or' ? (coin() ? '||' : 'OR') : coin() ? '&&' : 'and'} ${go(n.right, prec[n.kind] + 1)}`;
      case 'not':
        return `${coin() ? '!' : 'not '}${go(n.operand, prec.not)}`;
      case 'compare':
        return `${name(n.field)} ${n.op === '==' && coin() ? '=' : n.op} ${value(n.field, n.value)}`;
      case 'in':
        return `${name(n.field)}${n.negated ? ' NOT' : ''} in (${n.values.map((v) => value(n.field, v)).join(coin() ? ',' : ' , ')})`;
      case 'truthy':
        return name(n.field);
    }
  };
  return go(node, 0);
}

describe('round trip', () => {
  it('the same tree written in any style parses to that tree', () => {
    fc.assert(
      fc.property(tree, fc.integer(), (ast, seed) => {
        expect(parseQuery(styled(ast, seed))).toEqual(ast);
      }),
      { numRuns: 2000 },
    );
  });

  it('format then parse gives the same tree and the same text', () => {
    fc.assert(
      fc.property(tree, (ast) => {
        const text = formatQuery(ast);
        const back = parseQuery(text);
        expect(back).toEqual(ast);
        expect(formatQuery(back)).toBe(text);
      }),
      { numRuns: 2000 },
    );
  });
});
