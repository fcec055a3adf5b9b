/** Exact rational arithmetic on big integers (strict 24 points and CryptoMath). */

function gcd(a: bigint, b: bigint): bigint {
  a = a < 0n ? -a : a;
  b = b < 0n ? -b : b;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

export class Frac {
  readonly num: bigint;
  readonly den: bigint;
  constructor(num: bigint, den: bigint = 1n) {
    if (den === 0n) throw new RangeError('zero denominator');
    if (den < 0n) {
      num = -num;
      den = -den;
    }
    const g = gcd(num, den) || 1n;
    this.num = num / g;
    this.den = den / g;
  }
  static of(n: number | bigint): Frac {
    return new Frac(BigInt(n));
  }
  add(o: Frac): Frac {
    return new Frac(this.num * o.den + o.num * this.den, this.den * o.den);
  }
  sub(o: Frac): Frac {
    return new Frac(this.num * o.den - o.num * this.den, this.den * o.den);
  }
  mul(o: Frac): Frac {
    return new Frac(this.num * o.num, this.den * o.den);
  }
  /** Throws RangeError on division by zero. */
  div(o: Frac): Frac {
    if (o.num === 0n) throw new RangeError('division by zero');
    return new Frac(this.num * o.den, this.den * o.num);
  }
  isZero(): boolean {
    return this.num === 0n;
  }
  equals(o: Frac): boolean {
    return this.num === o.num && this.den === o.den;
  }
  toString(): string {
    return this.den === 1n ? this.num.toString() : `${this.num}/${this.den}`;
  }
}
