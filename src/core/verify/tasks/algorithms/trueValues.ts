/**
 * The true answers of the integer-answer algorithm tasks (verifiers.md §4.3), recomputed from the
 * puzzle's initial_state for strict mode. Each function takes the list the task's initial_state holds.
 */

/** BestTimeToBuyAndSellStock: the question allows any number of buy/sell pairs (one share held at a time): the sum of all rises. */
export function maxProfit(prices: number[]): number {
  let p = 0;
  for (let i = 1; i < prices.length; i++) p += Math.max(0, prices[i]! - prices[i - 1]!);
  return p;
}

/** ContainerWithMostWater: max over i < j of (j - i) * min(h[i], h[j]). */
export function maxArea(h: number[]): number {
  let best = 0;
  let i = 0;
  let j = h.length - 1;
  while (i < j) {
    best = Math.max(best, (j - i) * Math.min(h[i]!, h[j]!));
    if (h[i]! < h[j]!) i++;
    else j--;
  }
  return best;
}

/** CountHillsAndValleys: runs of equal heights are one bar; a hill/valley needs a different neighbour on both sides. */
export function countHillsValleys(t: number[]): number {
  const d: number[] = [];
  for (const x of t) if (d.length === 0 || d[d.length - 1] !== x) d.push(x);
  let n = 0;
  for (let i = 1; i < d.length - 1; i++) {
    const a = d[i - 1]!;
    const b = d[i]!;
    const c = d[i + 1]!;
    if ((b > a && b > c) || (b < a && b < c)) n++;
  }
  return n;
}

/** HIndex: the largest h with at least h papers cited at least h times. */
export function hIndex(c: number[]): number {
  const s = [...c].sort((a, b) => b - a);
  let h = 0;
  while (h < s.length && s[h]! >= h + 1) h++;
  return h;
}

/** LargestRectangleInHistogram: the largest area of a rectangle under the bars (monotonic stack). */
export function largestRectangle(h: number[]): number {
  const stack: number[] = [];
  let best = 0;
  for (let i = 0; i <= h.length; i++) {
    const cur = i === h.length ? 0 : h[i]!;
    while (stack.length > 0 && h[stack[stack.length - 1]!]! >= cur) {
      const top = stack.pop()!;
      const left = stack.length > 0 ? stack[stack.length - 1]! + 1 : 0;
      best = Math.max(best, h[top]! * (i - left));
    }
    stack.push(i);
  }
  return best;
}

/** longest_increasing_subsequence: the length of the longest strictly increasing subsequence. */
export function lisLength(a: number[]): number {
  const tails: number[] = [];
  for (const x of a) {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (tails[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    tails[lo] = x;
  }
  return tails.length;
}

/** trapping_rain_water: the water held between the bars. */
export function trappedWater(h: number[]): number {
  let i = 0;
  let j = h.length - 1;
  let lmax = 0;
  let rmax = 0;
  let w = 0;
  while (i < j) {
    if (h[i]! < h[j]!) {
      lmax = Math.max(lmax, h[i]!);
      w += lmax - h[i]!;
      i++;
    } else {
      rmax = Math.max(rmax, h[j]!);
      w += rmax - h[j]!;
      j--;
    }
  }
  return w;
}

/** Per category: the initial_state key holding the list and the function computing the answer. */
export const ALGORITHM_TASKS: Readonly<Record<string, { key: string; what: string; compute: (xs: number[]) => number }>> = {
  BestTimeToBuyAndSellStock: { key: 'prices', what: 'the maximum profit', compute: maxProfit },
  ContainerWithMostWater: { key: 'heights', what: 'the largest container', compute: maxArea },
  CountHillsAndValleys: { key: 'terrain', what: 'the number of hills and valleys', compute: countHillsValleys },
  HIndex: { key: 'citations', what: 'the h-index', compute: hIndex },
  LargestRectangleInHistogram: { key: 'heights', what: 'the largest rectangle', compute: largestRectangle },
  longest_increasing_subsequence: { key: 'sequence', what: 'the length of the longest increasing subsequence', compute: lisLength },
  trapping_rain_water: { key: 'height', what: 'the trapped water', compute: trappedWater },
};
