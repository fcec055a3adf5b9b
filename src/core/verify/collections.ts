/** Small collection helpers shared by the verifiers. */

/** Append `value` to the list stored under `key`, creating the list on first use (linear, unlike copying). */
export function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * `a.flat()` (depth 1) without the builtin's per-element cost (it is ~20× slower than a loop in V8).
 * Same result, holes included (skipped, as `flat` skips them).
 */
export function flat<T>(a: ReadonlyArray<ReadonlyArray<T>>): T[] {
  const out: T[] = [];
  for (let i = 0; i < a.length; i++) {
    if (!(i in a)) continue;
    const x = a[i]!;
    if (Array.isArray(x)) {
      for (let j = 0; j < x.length; j++) if (j in x) out.push(x[j] as T);
    } else out.push(x as unknown as T);
  }
  return out;
}

/** `a.flatMap(f)` the same way (an array result is spread one level, anything else pushed). */
export function flatMap<T, U>(a: readonly T[], f: (x: T, i: number, all: readonly T[]) => U | ReadonlyArray<U>): U[] {
  const out: U[] = [];
  for (let i = 0; i < a.length; i++) {
    if (!(i in a)) continue;
    const y = f(a[i]!, i, a);
    if (Array.isArray(y)) {
      for (let j = 0; j < y.length; j++) if (j in y) out.push(y[j] as U);
    } else out.push(y as U);
  }
  return out;
}

/** `Array.from({ length: n }, f)` as a plain loop (the builtin's array-like path is slow for small arrays). */
export function arrayOf<T>(n: number, f: (i: number) => T): T[] {
  if (!Number.isFinite(n)) return Array.from({ length: n }, (_, i) => f(i));
  const len = n > 0 ? Math.floor(n) : 0;
  const out = new Array<T>(len);
  for (let i = 0; i < len; i++) out[i] = f(i);
  return out;
}
