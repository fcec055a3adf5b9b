/**
 * Chance-corrected agreement between raters: Cohen's kappa (two raters, Cohen 1960) and Fleiss' kappa
 * (any fixed number of raters per item, Fleiss 1971). Pure arithmetic over count tables.
 *
 * Degenerate cases never give NaN: with no items, or when chance agreement is 1 (every rating in one
 * category, so kappa is 0/0), `kappa` is null and `note` says why; `observed` is still reported when
 * there are items.
 */

export interface KappaResult {
  kappa: number | null;
  /** Observed agreement: Cohen's p_o, Fleiss' mean P_i. Null without items. */
  observed: number | null;
  /** Agreement expected by chance: Cohen's p_e, Fleiss' P_e. Null without items. */
  expected: number | null;
  items: number;
  note?: string;
}

/** Chance agreement this close to 1 counts as 1 (sums of floating-point squares). */
const EPS = 1e-12;

function finish(observed: number, expected: number, items: number): KappaResult {
  if (1 - expected < EPS) {
    return { kappa: null, observed, expected, items, note: 'every rating falls in one category: chance agreement is 1 and kappa is undefined' };
  }
  return { kappa: (observed - expected) / (1 - expected), observed, expected, items };
}

const NO_ITEMS: KappaResult = { kappa: null, observed: null, expected: null, items: 0, note: 'no items rated by every rater' };

/**
 * Cohen's kappa from a k x k confusion table: `table[i][j]` = items rater A put in category i and rater B
 * in category j. p_o = trace / n; p_e = sum_i (row_i / n) (col_i / n); kappa = (p_o - p_e) / (1 - p_e).
 */
export function cohenKappa(table: readonly (readonly number[])[]): KappaResult {
  const k = table.length;
  for (const row of table) if (row.length !== k) throw new RangeError(`cohenKappa: expected a square table (${k} x ${k}), got a row of ${row.length}`);
  let n = 0;
  let agree = 0;
  const rows = new Array<number>(k).fill(0);
  const cols = new Array<number>(k).fill(0);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const c = table[i]![j]!;
      if (!(c >= 0) || !Number.isFinite(c)) throw new RangeError(`cohenKappa: cell [${i}][${j}] is ${c}, expected a count >= 0`);
      n += c;
      rows[i]! += c;
      cols[j]! += c;
      if (i === j) agree += c;
    }
  }
  if (n === 0) return NO_ITEMS;
  let pe = 0;
  for (let i = 0; i < k; i++) pe += (rows[i]! / n) * (cols[i]! / n);
  return finish(agree / n, pe, n);
}

/**
 * Fleiss' kappa from an N x k table: `counts[i][j]` = raters who put item i in category j; every row sums
 * to the same number of raters m >= 2. P_i = (sum_j n_ij^2 - m) / (m (m - 1)); P = mean_i P_i;
 * p_j = sum_i n_ij / (N m); P_e = sum_j p_j^2; kappa = (P - P_e) / (1 - P_e).
 */
export function fleissKappa(counts: readonly (readonly number[])[]): KappaResult {
  const N = counts.length;
  if (N === 0) return NO_ITEMS;
  const k = counts[0]!.length;
  let m = -1;
  const colSums = new Array<number>(k).fill(0);
  let sumP = 0;
  counts.forEach((row, i) => {
    if (row.length !== k) throw new RangeError(`fleissKappa: row ${i} has ${row.length} categories, expected ${k}`);
    let raters = 0;
    let squares = 0;
    row.forEach((c, j) => {
      if (!(c >= 0) || !Number.isInteger(c)) throw new RangeError(`fleissKappa: cell [${i}][${j}] is ${c}, expected a whole count >= 0`);
      raters += c;
      squares += c * c;
      colSums[j]! += c;
    });
    if (m < 0) m = raters;
    else if (raters !== m) throw new RangeError(`fleissKappa: item ${i} has ${raters} ratings, expected ${m} (every item rated by every rater)`);
    if (m >= 2) sumP += (squares - m) / (m * (m - 1));
  });
  if (m < 2) throw new RangeError(`fleissKappa: needs at least two ratings per item, got ${m}`);
  let pe = 0;
  for (const s of colSums) pe += (s / (N * m)) ** 2;
  return finish(sumP / N, pe, N);
}

/**
 * Kappa over items added one at a time (a table of 100k samples x 100 steps x 5 tags is never built):
 * each item's ratings as category indices, one per rater, always the same raters. Two raters give Cohen's
 * kappa, three or more Fleiss' kappa, with the same arithmetic as `cohenKappa` / `fleissKappa`.
 */
export class KappaAccumulator {
  private readonly confusion: number[][] | null;
  private readonly colSums: number[];
  private readonly row: number[];
  private sumP = 0;
  private n = 0;

  constructor(
    readonly raters: number,
    readonly categories: number,
  ) {
    if (raters < 2) throw new RangeError(`KappaAccumulator: needs at least two raters, got ${raters}`);
    this.confusion = raters === 2 ? Array.from({ length: categories }, () => new Array<number>(categories).fill(0)) : null;
    this.colSums = new Array<number>(categories).fill(0);
    this.row = new Array<number>(categories).fill(0);
  }

  get method(): 'cohen' | 'fleiss' {
    return this.raters === 2 ? 'cohen' : 'fleiss';
  }

  get items(): number {
    return this.n;
  }

  /** One item: `ratings[r]` is the category index rater r chose. */
  add(ratings: readonly number[]): void {
    if (ratings.length !== this.raters) throw new RangeError(`KappaAccumulator: expected ${this.raters} ratings, got ${ratings.length}`);
    this.n++;
    if (this.confusion) {
      this.confusion[ratings[0]!]![ratings[1]!]!++;
      return;
    }
    this.row.fill(0);
    for (const c of ratings) this.row[c]!++;
    let squares = 0;
    for (let j = 0; j < this.categories; j++) {
      const c = this.row[j]!;
      squares += c * c;
      this.colSums[j]! += c;
    }
    const m = this.raters;
    this.sumP += (squares - m) / (m * (m - 1));
  }

  result(): KappaResult {
    if (this.confusion) return cohenKappa(this.confusion);
    if (this.n === 0) return NO_ITEMS;
    let pe = 0;
    for (const s of this.colSums) pe += (s / (this.n * this.raters)) ** 2;
    return finish(this.sumP / this.n, pe, this.n);
  }
}
