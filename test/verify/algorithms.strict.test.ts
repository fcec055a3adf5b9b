/**
 * Hand-made cases for the algorithm verifiers: the strict rules and their reasons/locations, the
 * reference quirks (verifiers.md §4.1, §4.2, §2.1, §2.2), and the leniencies where the reference passes
 * and strict fails.
 */
import { describe, expect, it } from 'vitest';
import { cryptoMathVerifier, matchFromListVerifier, simpleStrMatchVerifier, twentyFourVerifier } from '../../src/core/verify/tasks/algorithms';
import { extractMapping } from '../../src/core/verify/tasks/algorithms/cryptoMath';
import { readNumber } from '../../src/core/verify/tasks/algorithms/strMatch';
import { isomorphic, maxFlow, parseGraphPair, parseWeightedGraph, shortestDistance } from '../../src/core/verify/tasks/algorithms/graphText';
import { literalEval, LiteralError } from '../../src/core/verify/tasks/algorithms/literalEval';
import { PyEvalError, pyEval, pyNumText } from '../../src/core/verify/tasks/algorithms/pyexpr';
import { cutAtEquals, normalizeExpression, selectCandidate } from '../../src/core/verify/tasks/algorithms/twentyFour';
import { countHillsValleys, hIndex, largestRectangle, lisLength, maxArea, maxProfit, trappedWater } from '../../src/core/verify/tasks/algorithms/trueValues';
import type { Check, VerifyInput } from '../../src/core/verify/types';

function input(partial: Partial<VerifyInput> & { answer: string }): VerifyInput {
  return { groundTruth: '', initialState: null, category: '', question: '', ...partial };
}

function expectFail(c: Check, ...fragments: string[]): void {
  expect(c.status, c.reason).toBe('fail');
  for (const f of fragments) expect(c.reason).toContain(f);
}

// ---------------------------------------------------------------------------------------------------

describe('24Points', () => {
  const v = twentyFourVerifier;
  const at = (numbers: number[], answer: string): VerifyInput =>
    input({ answer, groundTruth: 'x', initialState: { numbers }, category: '24Points', question: `Numbers: [${numbers.join(', ')}]` });

  describe('strict', () => {
    it('accepts a valid expression in every allowed spelling', () => {
      for (const a of ['(3 + (9 × 13)) ÷ 5', '(3+(9*13))/5 = 24', '\\left(3 + 9 \\times 13\\right) \\div 5', '$(3 + 9 \\cdot 13) / 5$', '(3 + 9 \timesimes 13) ÷ 5'.replace('\timesimes', '\times')]) {
        const r = v.strict(at([3, 5, 9, 13], a));
        expect(r.status, `${a}: ${r.reason}`).toBe('pass');
      }
    });

    it('uses exact fractions: 8/(3-8/3) is exactly 24', () => {
      expect(v.strict(at([3, 3, 8, 8], '8 / (3 - 8 / 3)')).status).toBe('pass');
      expect(v.reference(at([3, 3, 8, 8], '8 / (3 - 8 / 3)')).status).toBe('pass');
    });

    it('names a number used twice and points at both tokens', () => {
      const r = v.strict(at([4, 7, 8, 8], '(7 - 7 / 8) × 4'));
      expectFail(r, 'uses 7 twice', 'does not use 8');
      expect(r.locations?.map((l) => l.index)).toEqual([1, 3]);
    });

    it('names a number that is not given', () => {
      const r = v.strict(at([3, 5, 9, 13], '(3 + 9 × 8) ÷ 5'));
      expectFail(r, '8 is not among the numbers', 'does not use 13');
      expect(r.locations).toEqual([{ kind: 'token', index: 5, label: '8: not a given number' }]);
    });

    it('rejects ** and // (reference leniency: Python evaluates them)', () => {
      const pow = at([2, 3, 3, 1], '2 ** 3 * 3 * 1');
      expect(v.reference(pow).status).toBe('pass');
      const r = v.strict(pow);
      expectFail(r, 'uses the operator ** (exponentiation)');
      expect(r.locations?.[0]).toMatchObject({ kind: 'token', index: 1 });
      const floor = at([48, 2, 1, 1], '48 // 2 * 1 * 1');
      expect(v.reference(floor).status).toBe('pass');
      expectFail(v.strict(floor), 'uses the operator // (floor division)');
    });

    it('rejects a unary minus (reference leniency)', () => {
      const c = at([3, 27, 1, 1], '-3 + 27 * 1 * 1');
      expect(v.reference(c).status).toBe('pass');
      const r = v.strict(c);
      expectFail(r, 'unary minus at token 1');
      expect(r.locations?.[0]).toMatchObject({ kind: 'token', index: 0 });
    });

    it('rejects decimals and leading zeros', () => {
      const dec = at([3, 8, 1, 1], '3. * 8 * 1 * 1');
      expect(v.reference(dec).status).toBe('pass'); // Python reads 3. as 3.0
      expectFail(v.strict(dec), 'decimal number 3.');
      const lead = at([8, 3, 1, 1], '08 * 3 * 1 * 1');
      expect(v.reference(lead).status).toBe('fail'); // a syntax error in Python
      expectFail(v.strict(lead), 'writes 8 as "08" with a leading zero');
    });

    it('rejects x as multiplication, word operators and brackets', () => {
      expectFail(v.strict(at([6, 4, 1, 1], '6 x 4 x 1 x 1')), 'uses "x" as a multiplication sign');
      const word = at([6, 4, 7, 7], '6 plus 4 plus 7 plus 7');
      expect(v.reference(word).status).toBe('pass');
      expectFail(v.strict(word), 'writes the operator as the word "plus"');
      // lower-case "times" loses its "imes" to "*" first, leaving a stray "t": the reference fails it
      expect(v.reference(at([6, 4, 1, 1], '6 times 4 times 1 times 1')).status).toBe('fail');
      expect(v.reference(at([6, 4, 1, 1], '6 TIMES 4 TIMES 1 TIMES 1')).status).toBe('pass');
      expectFail(v.strict(at([3, 5, 9, 13], '[3 + 9 × 13] ÷ 5')), 'uses the bracket "["');
      expect(v.strict(at([3, 5, 9, 13], '(3 + 9 × 13) ÷ 5.')).status).toBe('pass'); // a sentence-final period
    });

    it('accepts the typographic minus the reference rejects (an alternative spelling, not a rule violation)', () => {
      const c = at([4, 7, 8, 8], '(7 − 8÷8) × 4');
      expect(v.reference(c).status).toBe('fail');
      expect(v.strict(c).status).toBe('pass');
    });

    it('reports division by zero at the operator', () => {
      const r = v.strict(at([8, 8, 3, 1], '3 / (8 - 8) + 1'));
      expectFail(r, 'divides by zero at token 2');
      expect(r.locations).toEqual([{ kind: 'token', index: 1, label: 'division by zero' }]);
    });

    it('gives the exact value when it is not 24', () => {
      expectFail(v.strict(at([1, 2, 3, 4], '1 + 2 + 3 + 4')), 'evaluates to 10, not 24');
      expectFail(v.strict(at([3, 5, 9, 13], '(3 + 9) × 13 ÷ 5')), 'evaluates to 156/5');
    });

    it('checks a stated right-hand side', () => {
      expectFail(v.strict(at([1, 2, 3, 4], '1 × 2 × 3 × 4 = 25')), 'claims the expression equals "25"');
    });

    it('reports malformed expressions as failures and prose as errors', () => {
      expectFail(v.strict(at([3, 8, 1, 1], '3(8) * 1 * 1')), 'missing an operator between the number 3 and "("');
      expectFail(v.strict(at([3, 8, 1, 1], '(3 * 8 * 1 * 1')), 'never closed');
      expect(v.strict(at([3, 8, 1, 1], 'I think it is 3 times 8')).status).toBe('error');
      expect(v.strict(at([3, 8, 1, 1], '')).status).toBe('error');
    });

    it('reads the numbers from the question when initial_state is absent, else errors', () => {
      expect(v.strict(input({ answer: '1*2*3*4', question: 'Numbers: [1, 2, 3, 4]' })).status).toBe('pass');
      expect(v.strict(input({ answer: '1*2*3*4' })).status).toBe('error');
    });
  });

  describe('reference', () => {
    it('crashes on a non-dict initial_state, but only once a candidate was found', () => {
      const r = v.reference(input({ answer: '3*8', groundTruth: '3*8', initialState: '[3, 8]' }));
      expect(r).toMatchObject({ status: 'fail', crashed: true });
      expect(r.reason).toContain('not a dict');
      expect(v.reference(input({ answer: '', initialState: '[3, 8]' })).crashed).toBeUndefined();
    });

    it('crashes when numbers are missing and the ground truth is a non-empty string', () => {
      expect(v.reference(input({ answer: '3*8', groundTruth: '3*8', initialState: {} })).crashed).toBe(true);
      expect(v.reference(input({ answer: '3*8', groundTruth: '', initialState: {} }))).toMatchObject({ status: 'fail' });
    });

    it('follows the candidate selection (LaTeX runs, whole answer, heuristics)', () => {
      // lower-case letters belong to the run, so "hus" of "Thus" is part of the candidate (and fails)
      expect(selectCandidate('Thus 3 \\times 8 \\times 1 = 24. Done').candidate).toBe('hus 3 \\times 8 \\times 1');
      expect(v.reference(at([3, 8, 1], 'Thus 3 \\times 8 \\times 1 = 24. Done')).status).toBe('fail');
      expect(selectCandidate('3*8 is it').candidate).toBe('3*8 is it');
      expect(selectCandidate('So 4 mul 6 = 24')).toMatchObject({ candidate: '4 mul 6' });
      expect(v.reference(at([4, 6], 'So 4 mul 6 = 24')).status).toBe('pass');
      expect(v.reference(at([3, 8], 'the final answer is 3*8')).status).toBe('fail');
    });

    it('normalises operators and cuts at "=" like re.sub(r"=.*$")', () => {
      expect(normalizeExpression('(3 + (9 × 13)) ÷ 5 = 24')).toBe('(3+(9*13))/5');
      expect(normalizeExpression('48 DIV 2 \\times 1')).toBe('48/2*1');
      expect(cutAtEquals('3*8\n=24')).toBe('3*8\n');
      expect(cutAtEquals('3*8=24\nfoo')).toBe('3*8=24\nfoo');
      expect(cutAtEquals('3*8=24\n')).toBe('3*8\n');
      expect(v.reference(at([3, 5, 9, 13], '(3 + (9 × 13)) ÷ 5\n= 24')).status).toBe('pass');
    });

    it('reasons name the rule', () => {
      expectFail(v.reference(at([3, 5, 9, 13], '(3 + (9 × 23)) ÷ 5')), '23 is not among the numbers');
      expectFail(v.reference(at([6, 4], '6 x 4')), 'may contain only digits');
      expectFail(v.reference(at([3, 8], '08*3')), 'leading zeros');
      expectFail(v.reference(at([3, 8], '')), 'could not read an expression');
    });
  });

  it('the Python evaluator follows Python semantics', () => {
    expect(pyNumText(pyEval('-2**2'))).toBe('-4');
    expect(pyNumText(pyEval('2**-1'))).toBe('0.5');
    expect(pyNumText(pyEval('2**3**2'))).toBe('512');
    expect(pyNumText(pyEval('-7//2'))).toBe('-4');
    expect(pyNumText(pyEval('7.5//2'))).toBe('3.0');
    expect(pyNumText(pyEval('00+24'))).toBe('24');
    expect(pyNumText(pyEval('3*8\n'))).toBe('24');
    for (const bad of ['08', '1/0', '1.0/0', '()', '3(4)', '1..2', '0**-1', '...', '1+']) expect(() => pyEval(bad), bad).toThrow(PyEvalError);
  });
});

// ---------------------------------------------------------------------------------------------------

describe('CryptoMath', () => {
  const v = cryptoMathVerifier;
  const EQ = 'DBA+GFA=CCEF';
  const SOL = { A: 3, B: 4, C: 1, D: 8, E: 0, F: 6, G: 2 };
  const at = (answer: string, initialState: VerifyInput['initialState'] = { equation: EQ }): VerifyInput =>
    input({ answer, groundTruth: JSON.stringify(SOL), initialState, category: 'CryptoMath', question: `Equation: ${EQ}\n` });
  const json = (m: Record<string, unknown>): string => JSON.stringify(m);

  it('accepts the solution in every answer shape (both modes)', () => {
    for (const a of [json(SOL), "{'A': 3, 'B': 4, 'C': 1, 'D': 8, 'E': 0, 'F': 6, 'G': 2}", '["A"=3,"B"=4,"C"=1,"D"=8,"E"=0,"F"=6,"G"=2]', 'A=3, B=4, C=1, D=8, E=0, F=6, G=2', 'A is 3, B is 4, C is 1, D is 8, E is 0, F is 6, G is 2']) {
      expect(v.reference(at(a)).status, a).toBe('pass');
      expect(v.strict(at(a)).status, a).toBe('pass');
    }
  });

  it('names a letter without a digit', () => {
    const r = v.strict(at(json({ ...SOL, G: undefined })));
    expectFail(r, 'G has no digit');
    expect(r.locations).toEqual([{ kind: 'token', index: 4, label: 'letter G: no digit' }]); // G is character 4 of DBA+GFA=CCEF
    expectFail(v.reference(at(json({ ...SOL, G: undefined }))), 'G has none');
  });

  it('rejects a key that is not a letter of the equation (reference leniency)', () => {
    const c = at(json({ ...SOL, Z: 9 }));
    expect(v.reference(c).status).toBe('pass');
    const r = v.strict(c);
    expectFail(r, 'assigns "Z", which is not a letter of DBA+GFA=CCEF');
    expect(r.locations).toEqual([{ kind: 'token', label: 'key Z: not in the equation' }]);
  });

  it('rejects a non-digit value the reference truncates (reference leniency)', () => {
    const c = at("{'A': 3.7, 'B': 4, 'C': 1, 'D': 8, 'E': 0, 'F': 6, 'G': 2}");
    expect(v.reference(c).status).toBe('pass'); // int(3.7) == 3
    expectFail(v.strict(c), 'A is given 3.7, which is not a digit');
  });

  it('rejects a letter given two different digits (reference leniency: the last one wins)', () => {
    const c = at('A=5, B=4, C=1, D=8, E=0, F=6, G=2, A=3');
    expect(v.reference(c).status).toBe('pass');
    expectFail(v.strict(c), 'A is given 2 different values (5 and 3)');
  });

  it('names two letters on one digit', () => {
    const r = v.strict(at(json({ ...SOL, G: 3 })));
    expectFail(r, 'A and G both map to 3');
    expect(r.locations).toEqual([
      { kind: 'token', index: 2, label: 'letter A: shares 3' },
      { kind: 'token', index: 4, label: 'letter G: shares 3' },
    ]);
  });

  it('names the word with a leading zero', () => {
    const r = v.strict(at(json({ ...SOL, D: 0, E: 8 })));
    expectFail(r, 'the word DBA starts with D = 0');
    expect(r.locations).toEqual([{ kind: 'word', index: 0, label: 'DBA has a leading zero' }]);
    expectFail(v.reference(at(json({ ...SOL, D: 0, E: 8 }))), 'DBA starts with D = 0');
  });

  it('names the first column where the sum breaks (columns from the right, 1 = units)', () => {
    const r = v.strict(at(json({ ...SOL, A: 4, B: 3 })));
    expectFail(r, 'column 1 from the right (units): A=4 + A=4 = 8 ends in 8, but F = 6 in CCEF', 'reads 1098 on the left but 1106 on the right');
    expect(r.locations).toEqual([expect.objectContaining({ kind: 'col', index: 0 })]);
    const r2 = v.strict(at(json({ ...SOL, B: 5 }))); // 853 + 263 = 1116: the tens column breaks
    expectFail(r2, 'column 2 from the right: B=5 + F=6 = 11 ends in 1, but E = 0 in CCEF');
    expect(r2.locations?.[0]).toMatchObject({ kind: 'col', index: 1 });
  });

  it('keys are case-sensitive in both modes', () => {
    const lower = at(json(Object.fromEntries(Object.entries(SOL).map(([k, d]) => [k.toLowerCase(), d]))));
    expectFail(v.reference(lower), 'have none');
    expectFail(v.strict(lower), 'letters are case-sensitive');
  });

  it('an unreadable answer is a reference fail and a strict error', () => {
    expectFail(v.reference(at('no idea')), 'could not read a letter→digit mapping');
    expect(v.strict(at('no idea')).status).toBe('error');
    expect(v.strict(at('\\boxed{}')).status).toBe('error');
  });

  it('reference crashes on a non-dict initial_state; strict reads the equation from the question', () => {
    expect(v.reference(at(json(SOL), null))).toMatchObject({ status: 'fail', crashed: true });
    expect(v.strict(at(json(SOL), null)).status).toBe('pass');
    expect(v.reference(at(json(SOL), { equation: 5 }))).toMatchObject({ crashed: true });
  });

  it('reads the mapping the way the reference does', () => {
    expect([...extractMapping('{x} {"A": 1, "B": 2}').mapping]).toEqual([['A', 1n], ['B', 2n]]);
    expect([...extractMapping("{'A': 1 'B': 2}").mapping]).toEqual([]); // missing comma: literal_eval fails, nothing else matches
    expect([...extractMapping("{'A': '2', b'B': 3, 1: 5}").mapping]).toEqual([['A', 2n]]);
    expect([...extractMapping('{"A": 03}').mapping]).toEqual([]);
    expect(() => literalEval('{[1]: 2}')).toThrow(LiteralError);
    expect(() => literalEval('{"A": --1}')).toThrow(LiteralError);
    expect(literalEval("{'A': 1+2j, 'B': 0x1f}")).toEqual({ t: 'dict', entries: [[{ t: 'str', v: 'A' }, { t: 'complex' }], [{ t: 'str', v: 'B' }, { t: 'int', v: 31n }]] });
  });
});

// ---------------------------------------------------------------------------------------------------

describe('simple_str_match', () => {
  const v = simpleStrMatchVerifier;

  it('reference: lower-case, remove all whitespace, compare', () => {
    expect(v.reference(input({ answer: ' Y E S ', groundTruth: 'yes' })).status).toBe('pass');
    expect(v.reference(input({ answer: '[1, 2]', groundTruth: '[1,2]' })).status).toBe('pass');
    expect(v.reference(input({ answer: '7\u00a0', groundTruth: '7' })).status).toBe('pass');
    expectFail(v.reference(input({ answer: '24.0', groundTruth: '24' })), '"24.0" ≠ "24"');
    expectFail(v.reference(input({ answer: '', groundTruth: '24' })), 'could not read an answer');
  });

  it('the true values follow the task definitions', () => {
    expect(maxProfit([7, 1, 5, 3, 6, 4])).toBe(7);
    expect(maxProfit([7, 6, 4, 3, 1])).toBe(0);
    expect(maxArea([1, 8, 6, 2, 5, 4, 8, 3, 7])).toBe(49);
    expect(countHillsValleys([2, 4, 1, 1, 6, 5])).toBe(3);
    expect(countHillsValleys([6, 6, 5, 5, 4, 1])).toBe(0);
    expect(hIndex([3, 0, 6, 1, 5])).toBe(3);
    expect(largestRectangle([2, 1, 5, 6, 2, 3])).toBe(10);
    expect(lisLength([10, 9, 2, 5, 3, 7, 101, 18])).toBe(4);
    expect(lisLength([7, 7, 7])).toBe(1);
    expect(trappedWater([0, 1, 0, 2, 1, 0, 1, 3, 2, 1, 2, 1])).toBe(6);
  });

  const hIndexCase = (answer: string, groundTruth: string): VerifyInput => input({ answer, groundTruth, initialState: { citations: [3, 0, 6, 1, 5] }, category: 'HIndex' });

  it('strict compares numerically with the recomputed value (reference leniency the other way)', () => {
    const r = v.strict(hIndexCase('3.0', '3'));
    expect(r.status).toBe('pass');
    expect(r.reason).toContain('strict compares numerically');
    expect(v.strict(hIndexCase('$3$', '3')).status).toBe('pass');
    expectFail(v.strict(hIndexCase('4', '3')), 'the answer is 4 but the true value is 3');
    expect(v.strict(hIndexCase('3 papers', '3')).status).toBe('error');
  });

  it('strict flags a wrong stored ground truth (the reference passes the wrong value)', () => {
    const c = hIndexCase('4', '4');
    expect(v.reference(c).status).toBe('pass');
    expectFail(v.strict(c), 'the stored ground truth is "4" but the true value is 3');
    const right = v.strict(hIndexCase('3', '4'));
    expect(right.status).toBe('pass');
    expect(right.reason).toContain('the stored ground truth is "4" but the true value is 3');
  });

  it('strict falls back to the stored answer when the puzzle is missing', () => {
    const r = v.strict(input({ answer: '7.0', groundTruth: '7', category: 'HIndex' }));
    expect(r.status).toBe('pass');
    expect(r.reason).toContain('compared with the stored answer');
  });

  const FLOW_Q = 'Compute the maximum flow from node 0 to node 3.\n\n0: [(1,3), (2,2)]\n1: [(2,1), (3,2)]\n2: [(3,3)]\n3: []\n';
  it('max_flow: recomputed from the question', () => {
    const g = parseWeightedGraph(FLOW_Q, true)!;
    expect(maxFlow(g)).toBe(5);
    expect(v.strict(input({ answer: '5', groundTruth: '5', question: FLOW_Q, category: 'max_flow' })).status).toBe('pass');
    expectFail(v.strict(input({ answer: '4', groundTruth: '4', question: FLOW_Q, category: 'max_flow' })), 'the stored ground truth is "4" but the true value is 5');
  });

  const SP_Q = 'what is the shortest distance from node 0 to node 3? Answer with a number (can be integer or decimal).0: [(1, 1.5), (2, 4)]\n1: [(0, 1.5), (3, 1)]\n2: [(0, 4), (3, 0.5)]\n3: [(1, 1), (2, 0.5)]\n';
  it('shortest_distance_weighted: recomputed from the question, decimals compared numerically', () => {
    expect(shortestDistance(parseWeightedGraph(SP_Q, false)!)).toBe(2.5);
    expect(v.strict(input({ answer: '2.50', groundTruth: '2.5', question: SP_Q, category: 'shortest_distance_weighted' })).status).toBe('pass');
    expect(v.reference(input({ answer: '2.50', groundTruth: '2.5', question: SP_Q, category: 'shortest_distance_weighted' })).status).toBe('fail');
    expectFail(v.strict(input({ answer: '3', groundTruth: '2.5', question: SP_Q, category: 'shortest_distance_weighted' })), 'the true value is 2.5');
  });

  const ISO_Q = (g2: string): string => `determine if they are isomorphic. Answer with 'Yes' or 'No'.G1:\n0: [1, 2]\n1: [0, 2]\n2: [0, 1, 3]\n3: [2]\n\nG2:\n${g2}`;
  const ISO_YES = ISO_Q('0: [3]\n1: [2, 3]\n2: [1, 3]\n3: [0, 1, 2]\n');
  const ISO_NO = ISO_Q('0: [1]\n1: [0, 2]\n2: [1, 3]\n3: [2]\n');
  it('graph_isomorphism: a yes/no with punctuation ignored, checked against the graphs', () => {
    const pair = parseGraphPair(ISO_YES)!;
    expect(isomorphic(pair[0], pair[1])).toBe(true);
    const no = parseGraphPair(ISO_NO)!;
    expect(isomorphic(no[0], no[1])).toBe(false);
    const c = input({ answer: 'Yes.', groundTruth: 'Yes', question: ISO_YES, category: 'graph_isomorphism' });
    expect(v.reference(c).status).toBe('fail');
    expect(v.strict(c).status).toBe('pass');
    expectFail(v.strict(input({ answer: 'no', groundTruth: 'Yes', question: ISO_YES, category: 'graph_isomorphism' })), 'G1 and G2 are isomorphic');
    expectFail(v.strict(input({ answer: 'Yes', groundTruth: 'Yes', question: ISO_NO, category: 'graph_isomorphism' })), 'the stored ground truth is "Yes" but the true value is no');
    expect(v.strict(input({ answer: 'maybe', groundTruth: 'Yes', question: ISO_YES, category: 'graph_isomorphism' })).status).toBe('error');
  });
});

describe('match_from_list', () => {
  const v = matchFromListVerifier;
  it('reference iterates the ground-truth string character by character', () => {
    expect(v.reference(input({ answer: 'B', groundTruth: 'abc' })).status).toBe('pass');
    expectFail(v.reference(input({ answer: 'abc', groundTruth: 'abc' })), 'matches no element');
    expectFail(v.reference(input({ answer: 'a', groundTruth: '' })), 'empty');
  });
  it('strict reads the ground truth as a list', () => {
    expect(v.strict(input({ answer: ' A B C ', groundTruth: "['abc', 'd']" })).status).toBe('pass');
    expectFail(v.strict(input({ answer: 'b', groundTruth: "['abc', 'd']" })), 'none of the 2 accepted answers');
    expect(v.strict(input({ answer: 'abc', groundTruth: 'abc' })).status).toBe('pass');
  });
});

describe('strict number reading', () => {
  it('unwraps math mode and \\text (also its TAB-mangled form)', () => {
    expect(readNumber('$7$')).toBe(7);
    expect(readNumber('\\text{7}')).toBe(7);
    expect(readNumber('\text{7}')).toBe(7);
    expect(readNumber('\\(7.50\\)')).toBe(7.5);
    expect(readNumber('15/2')).toBe(7.5);
    expect(readNumber('7 units')).toBeNull();
  });
});
