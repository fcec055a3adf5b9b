/** Labels and number formats of the insight view, and a filter read out in words. */
import type { Filter } from '../../src/protocol/curator';

export const taskLabel = (key: string): string => (key === '' ? '(no task)' : key);
export const difficultyLabel = (key: string): string => (key === '' ? '(no difficulty)' : key);

export function percent(x: number | null, digits = 1): string {
  if (x === null) return '–';
  const f = 10 ** digits;
  return `${Math.round(x * 100 * f) / f}%`;
}

export function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** A length in characters, short: 950, 1.8k, 56k, 1.2M. */
export function chars(n: number): string {
  if (n < 1000) return String(Math.round(n));
  if (n < 10_000) return `${(Math.round(n / 100) / 10).toString()}k`;
  if (n < 1_000_000) return `${Math.round(n / 1000)}k`;
  return `${(Math.round(n / 100_000) / 10).toString()}M`;
}

export function kappa(k: number | null): string {
  return k === null ? '–' : k.toFixed(2);
}

/** A filter in words: "task maze, verdict fail". */
export function describeFilter(f: Filter): string {
  const parts: string[] = [];
  const list = (name: string, xs: readonly string[] | undefined, label: (s: string) => string = (s) => s) => {
    if (xs && xs.length) parts.push(`${name}${xs.length > 1 ? 's' : ''} ${xs.map(label).join(', ')}`);
  };
  list('task', f.tasks, taskLabel);
  list('difficulty', f.difficulties, difficultyLabel);
  list('verdict', f.verdicts);
  list('decision', f.decisions);
  list('agreement', f.agreement);
  if (f.tags?.length) parts.push(f.tags.map((t) => (t.absent ? `no ${t.tag}` : `${t.tag} ≥ ${t.min}`)).join(', '));
  if (f.text) parts.push(`text “${f.text}”`);
  return parts.length ? parts.join('; ') : 'everything';
}
