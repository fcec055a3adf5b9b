/**
 * Cohen's and Fleiss' kappa against hand-computed values (the arithmetic is in the comments), the streaming
 * accumulator against the table functions, and the degenerate cases (null with a note, never NaN).
 */
import { describe, expect, it } from 'vitest';
import { cohenKappa, fleissKappa, KappaAccumulator } from '../../../src/core/team';

describe('cohenKappa', () => {
  it('the 2 x 2 textbook example: 50 items, 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no', () => {
    // p_o = (20 + 15) / 50 = 0.7; A says yes 25/50 = 0.5, B says yes 30/50 = 0.6;
    // p_e = 0.5 * 0.6 + 0.5 * 0.4 = 0.5; kappa = (0.7 - 0.5) / (1 - 0.5) = 0.4.
    const r = cohenKappa([
      [20, 5],
      [10, 15],
    ]);
    expect(r.items).toBe(50);
    expect(r.observed).toBeCloseTo(0.7, 12);
    expect(r.expected).toBeCloseTo(0.5, 12);
    expect(r.kappa).toBeCloseTo(0.4, 12);
  });

  it('a 3 x 3 table', () => {
    // n = 25, diagonal 10 + 5 + 4 = 19: p_o = 19/25; rows 12, 8, 5; columns 11, 8, 6;
    // p_e = (12*11 + 8*8 + 5*6) / 625 = 226/625; kappa = (475 - 226) / (625 - 226) = 249/399 = 83/133.
    const r = cohenKappa([
      [10, 2, 0],
      [1, 5, 2],
      [0, 1, 4],
    ]);
    expect(r.kappa).toBeCloseTo(83 / 133, 12);
    expect(r.observed).toBeCloseTo(19 / 25, 12);
  });

  it('perfect agreement is 1, systematic disagreement is negative', () => {
    expect(cohenKappa([[3, 0], [0, 2]]).kappa).toBeCloseTo(1, 12);
    // p_o = 0; rows 2, 2; columns 2, 2; p_e = (4 + 4) / 16 = 0.5; kappa = -0.5 / 0.5 = -1.
    expect(cohenKappa([[0, 2], [2, 0]]).kappa).toBeCloseTo(-1, 12);
  });

  it('degenerate: one category only, or no items -> null with a note', () => {
    const one = cohenKappa([[5, 0], [0, 0]]);
    expect(one.kappa).toBeNull();
    expect(one.observed).toBe(1);
    expect(one.note).toMatch(/one category/);
    const none = cohenKappa([[0, 0], [0, 0]]);
    expect(none).toMatchObject({ kappa: null, observed: null, items: 0 });
    expect(none.note).toMatch(/no items/);
    expect(() => cohenKappa([[1, 2]])).toThrow(RangeError);
  });
});

/**
 * The classic worked example of Fleiss' kappa (10 subjects, 14 raters, 5 categories; the table in
 * Wikipedia's "Fleiss' kappa" article, after Fleiss 1971).
 */
const FLEISS_EXAMPLE = [
  [0, 0, 0, 0, 14], // sum of squares 196: P = (196 - 14) / 182 = 182/182
  [0, 2, 6, 4, 2], //  60: P = 46/182
  [0, 0, 3, 5, 6], //  70: P = 56/182
  [0, 3, 9, 2, 0], //  94: P = 80/182
  [2, 2, 8, 1, 1], //  74: P = 60/182
  [7, 7, 0, 0, 0], //  98: P = 84/182
  [3, 2, 6, 3, 0], //  58: P = 44/182
  [2, 5, 3, 2, 2], //  46: P = 32/182
  [6, 5, 2, 1, 0], //  66: P = 52/182
  [0, 2, 2, 3, 7], //  66: P = 52/182
];

describe('fleissKappa', () => {
  it('the classic 10 x 14 example: kappa = 4211/20059 = 0.2099', () => {
    // mean P = 688 / (10 * 182) = 172/455 = 0.3780;
    // column sums 20, 28, 39, 21, 32 of 140: P_e = (400 + 784 + 1521 + 441 + 1024) / 19600 = 417/1960 = 0.2128;
    // over 25480: P = 9632, P_e = 5421: kappa = (9632 - 5421) / (25480 - 5421) = 4211/20059.
    const r = fleissKappa(FLEISS_EXAMPLE);
    expect(r.items).toBe(10);
    expect(r.observed).toBeCloseTo(172 / 455, 12);
    expect(r.expected).toBeCloseTo(417 / 1960, 12);
    expect(r.kappa).toBeCloseTo(4211 / 20059, 12);
    expect(r.kappa!.toFixed(3)).toBe('0.210');
  });

  it('degenerate: one category, no items; ragged rows are refused', () => {
    const one = fleissKappa([[3, 0], [3, 0]]);
    expect(one.kappa).toBeNull();
    expect(one.note).toMatch(/one category/);
    expect(fleissKappa([])).toMatchObject({ kappa: null, items: 0 });
    expect(() => fleissKappa([[2, 1], [1, 1]])).toThrow(/every item rated by every rater/);
    expect(() => fleissKappa([[1, 0]])).toThrow(/at least two/);
  });
});

describe('KappaAccumulator', () => {
  it('three raters from item ratings give the table function result', () => {
    // Expand each row of the example into 14 category indices.
    const acc = new KappaAccumulator(14, 5);
    for (const row of FLEISS_EXAMPLE) acc.add(row.flatMap((c, j) => new Array<number>(c).fill(j)));
    expect(acc.method).toBe('fleiss');
    expect(acc.result().kappa).toBeCloseTo(4211 / 20059, 12);
  });

  it('two raters: Cohen from pairs', () => {
    const acc = new KappaAccumulator(2, 2);
    const pairs: [number, number][] = [...Array<[number, number]>(20).fill([1, 1]), ...Array<[number, number]>(5).fill([1, 0]), ...Array<[number, number]>(10).fill([0, 1]), ...Array<[number, number]>(15).fill([0, 0])];
    for (const p of pairs) acc.add(p);
    expect(acc.method).toBe('cohen');
    expect(acc.result().kappa).toBeCloseTo(0.4, 12);
    expect(new KappaAccumulator(3, 2).result()).toMatchObject({ kappa: null, items: 0 });
  });
});
