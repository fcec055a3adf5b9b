/**
 * Catastrophic-backtracking hunt for the regular expressions that run on answer and trace text.
 *
 * 1. Collect them: every regular expression literal in the source files of a folder (TypeScript scanner),
 *    plus every `new RegExp(...)` the modules build while loading and while verifying (a recording
 *    `RegExp` constructor, installed while the modules are imported and exercised).
 * 2. Attack each one (after the classic recipe): for every unbounded quantifier, a prefix that leads the
 *    pattern up to it, the quantified part pumped n times, then a character that makes the match fail.
 *    A backtracking engine that can split the pumped run in many ways then tries them all.
 * 3. Time the attacks in a worker thread with a watchdog: a hang (exponential backtracking) is cut off
 *    and reported; n vs 4n gives the growth (superlinear when the ratio is far above 4).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { parseRegExpLiteral, type AST } from '@eslint-community/regexpp';
import ts from 'typescript';

export interface FoundRegex {
  re: RegExp;
  /** `file:line` for literals, `new RegExp (module load)` or `new RegExp (runtime)` otherwise. */
  where: string;
}

/** Every regular expression literal in the .ts files under `dirOrFile`. */
export function regexLiterals(dirOrFile: string): FoundRegex[] {
  const out: FoundRegex[] = [];
  const walk = (d: string): void => {
    const list = fs.statSync(d).isFile() ? [{ name: path.basename(d), dir: path.dirname(d), isDirectory: () => false }] : fs.readdirSync(d, { withFileTypes: true }).map((e) => ({ name: e.name, dir: d, isDirectory: () => e.isDirectory() }));
    for (const e of list) {
      const p = path.join(e.dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts')) {
        const text = fs.readFileSync(p, 'utf8');
        const sf = ts.createSourceFile(p, text, ts.ScriptTarget.Latest, true);
        const visit = (node: ts.Node): void => {
          if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
            const lit = node.getText(sf);
            const slash = lit.lastIndexOf('/');
            const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
            out.push({ re: new RegExp(lit.slice(1, slash), lit.slice(slash + 1)), where: `${path.relative(process.cwd(), p)}:${line}` });
          }
          ts.forEachChild(node, visit);
        };
        visit(sf);
      }
    }
  };
  walk(dirOrFile);
  return out;
}

/**
 * Run `fn` (which imports and exercises modules) with a `RegExp` that records every regular expression
 * built with `new RegExp(...)` or `RegExp(...)`. Literals do not go through the constructor.
 */
export async function recordConstructed(fn: () => Promise<void>): Promise<RegExp[]> {
  const Original = globalThis.RegExp;
  const seen: RegExp[] = [];
  globalThis.RegExp = new Proxy(Original, {
    construct(target, args: [string | RegExp, string?]) {
      const r = new target(...args);
      seen.push(r);
      return r;
    },
    apply(target, _this, args: [string | RegExp, string?]) {
      const r = target(...args);
      seen.push(r);
      return r;
    },
  });
  try {
    await fn();
  } finally {
    globalThis.RegExp = Original;
  }
  return seen;
}

/** Characters the attack builder tries for each character-matching piece of a pattern. */
const POOL = [
  ...'a0 1z9A\t\n,.-()[]{}|:;=<>"\'_/\\+*xX#@!?$%&^~`',
  'é', '中', '😀', '\u00a0', '\u2003', '\r', '\u0085', '→', '×', '÷', '−', '：', '。',
];

type Node = AST.Node;

function flagsNoG(re: RegExp): string {
  return re.flags.replace(/[gyd]/g, '');
}

/** The pool characters that `node` (a one-character piece) accepts. */
function charsFor(node: Node, re: RegExp): string[] {
  let tester: RegExp;
  try {
    tester = new RegExp(`^(?:${node.raw})$`, flagsNoG(re));
  } catch {
    return ['a'];
  }
  return POOL.filter((c) => tester.test(c));
}

/** A short string that `node` matches (its quantifiers at their minimum, or at least `atLeast`). */
function example(node: Node, re: RegExp, atLeast = 0): string {
  switch (node.type) {
    case 'Pattern':
    case 'Group':
    case 'CapturingGroup':
      return node.alternatives.length > 0 ? example(node.alternatives[0]!, re, atLeast) : '';
    case 'Alternative':
      return node.elements.map((e) => example(e, re, atLeast)).join('');
    case 'Character':
      return String.fromCodePoint(node.value);
    case 'CharacterClass':
    case 'CharacterSet':
    case 'ExpressionCharacterClass':
      return charsFor(node, re)[0] ?? '';
    case 'Quantifier': {
      const count = Math.min(Math.max(node.min, atLeast), Math.max(node.min, Math.min(node.max, 3)));
      return example(node.element, re, atLeast).repeat(count);
    }
    default:
      return ''; // assertions, backreferences, modifiers
  }
}

export interface Attack {
  prefix: string;
  pump: string;
  suffix: string;
  /** The quantifier attacked, as written in the pattern. */
  quantifier: string;
}

/**
 * The attacks on one regular expression: for every quantifier with no upper bound (or a large one), the
 * prefix that leads up to it, a few pumps the quantified part accepts, and a few failing suffixes.
 */
export function attacks(re: RegExp, suffixes: readonly string[], maxPumps = 8): Attack[] {
  let ast: AST.RegExpLiteral;
  try {
    ast = parseRegExpLiteral(re);
  } catch {
    return [];
  }
  const out: Attack[] = [];
  const seen = new Set<string>();
  const visit = (node: Node): void => {
    if (node.type === 'Quantifier' && node.max > 20) {
      // Prefix: the examples of everything before this quantifier on the way down from the pattern.
      let prefix = '';
      let child: Node = node;
      let parent: Node | null = node.parent;
      while (parent) {
        if (parent.type === 'Alternative') {
          const i = parent.elements.indexOf(child as AST.Element);
          prefix = parent.elements.slice(0, i).map((e) => example(e, re)).join('') + prefix;
        }
        child = parent;
        parent = parent.type === 'Pattern' ? null : parent.parent;
      }
      const pumps = new Set<string>();
      const whole = example(node.element, re, 1);
      if (whole) pumps.add(whole);
      const two = example(node.element, re, 2);
      if (two) pumps.add(two);
      const el = node.element;
      if (el.type === 'CharacterClass' || el.type === 'CharacterSet' || el.type === 'Character' || el.type === 'ExpressionCharacterClass') {
        for (const c of charsFor(el, re).slice(0, 4)) pumps.add(c);
      } else {
        // A group: pump single characters that its repetition accepts one by one too (overlapping alternatives).
        let loop: RegExp | null = null;
        try {
          loop = new RegExp(`^(?:${el.raw})+$`, flagsNoG(re));
        } catch {
          loop = null;
        }
        if (loop) for (const c of POOL.filter((ch) => loop.test(ch)).slice(0, 4)) pumps.add(c);
      }
      for (const pump of [...pumps].slice(0, maxPumps)) {
        for (const suffix of suffixes) {
          const key = `${prefix}\u0001${pump}\u0001${suffix}`;
          if (seen.has(key)) continue;
          seen.add(key);
          out.push({ prefix, pump, suffix, quantifier: node.raw });
        }
      }
    }
    if ('alternatives' in node) for (const a of node.alternatives) visit(a);
    if ('elements' in node) for (const e of node.elements as Node[]) visit(e);
    if ('element' in node) visit(node.element);
  };
  visit(ast.pattern);
  return out;
}

export interface AttackTiming {
  /** ms for each n that ran (the last may be missing when a run was cut off). */
  times: number[];
  hung: boolean;
}

const WORKER = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', (m) => {
  const re = new RegExp(m.source, m.flags);
  const times = [];
  for (const n of m.ns) {
    const s = m.prefix + m.pump.repeat(Math.ceil(n / Math.max(1, m.pump.length))) + m.suffix;
    let best = Infinity;
    for (let k = 0; k < 2; k++) {
      re.lastIndex = 0;
      const t0 = performance.now();
      re.test(s);
      best = Math.min(best, performance.now() - t0);
    }
    times.push(best);
    if (best > m.stopMs) break;
  }
  parentPort.postMessage(times);
});
`;

/**
 * Time attacks in a worker thread: each regular expression is run (non-global, so one search over the
 * whole string, trying every start position) on the attack strings of total pumped length `ns`. A run that
 * does not finish within `timeoutMs` is cut off (the worker is terminated and restarted) and reported hung.
 */
export async function timeAttacks(jobs: Array<{ re: RegExp; attack: Attack }>, ns: readonly number[], timeoutMs: number): Promise<AttackTiming[]> {
  const results: AttackTiming[] = [];
  let worker: Worker | null = null;
  try {
    for (const { re, attack } of jobs) {
      worker ??= new Worker(WORKER, { eval: true });
      const w: Worker = worker;
      const msg = { source: re.source, flags: re.flags.replace(/[gd]/g, ''), prefix: attack.prefix, pump: attack.pump, suffix: attack.suffix, ns, stopMs: timeoutMs / 4 };
      const r = await new Promise<AttackTiming>((resolve, reject) => {
        const done = (value: AttackTiming): void => {
          clearTimeout(timer);
          w.off('message', onMessage);
          w.off('error', reject);
          resolve(value);
        };
        const onMessage = (times: number[]): void => done({ times, hung: false });
        const timer = setTimeout(() => done({ times: [], hung: true }), timeoutMs);
        w.on('message', onMessage);
        w.on('error', reject);
        w.postMessage(msg);
      });
      if (r.hung) {
        // A regular expression cannot be interrupted from inside: end the thread and start another.
        await worker.terminate();
        worker = null;
      }
      results.push(r);
    }
  } finally {
    if (worker) await worker.terminate();
  }
  return results;
}
