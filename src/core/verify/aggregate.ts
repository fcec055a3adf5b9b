/**
 * Aggregation as MM-HELIX reports it (verifiers.md §1.6, §1.8): graph-isomorphism pairing, then per
 * task the mean item score, per group the unweighted mean of its task averages, overall the unweighted
 * mean of all task averages.
 */
import { z } from 'zod';
import { GROUPS, groupOf, type Group } from './registry';

export interface ScoredItem {
  category: string | null;
  /** The item's question_text (pairing key for graph_isomorphism). */
  questionText: string;
  pass: boolean;
}

export const TaskScore = z.object({ task: z.string(), group: z.string(), items: z.number().int(), correct: z.number(), accuracy: z.number() });
export const GroupScore = z.object({ group: z.string(), tasks: z.number().int(), accuracy: z.number() });
export const Aggregate = z.object({
  tasks: z.array(TaskScore),
  groups: z.array(GroupScore),
  /** Unweighted mean of all task averages (null when nothing was scored). */
  overall: z.number().nullable(),
  items: z.number().int(),
  /** graph_isomorphism items whose score the pairing rule changed. */
  pairingAdjusted: z.number().int(),
});
export type Aggregate = z.infer<typeof Aggregate>;

/** §1.6: the scores after the graph-isomorphism pairing rule. */
export function pairedScores(items: readonly ScoredItem[]): number[] {
  const scores = items.map((i) => (i.pass ? 1 : 0));
  const groups = new Map<string, number[]>();
  items.forEach((item, k) => {
    if (item.category !== 'graph_isomorphism' || item.questionText === '') return;
    const g = groups.get(item.questionText);
    if (g) g.push(k);
    else groups.set(item.questionText, [k]);
  });
  for (const members of groups.values()) {
    if (members.length === 1) scores[members[0]!] = 0;
    else if (members.length === 2) {
      const both = members.every((k) => items[k]!.pass) ? 1 : 0;
      for (const k of members) scores[k] = both;
    }
  }
  return scores;
}

export function aggregate(items: readonly ScoredItem[]): Aggregate {
  const scores = pairedScores(items);
  const perTask = new Map<string, { items: number; correct: number }>();
  let pairingAdjusted = 0;
  items.forEach((item, k) => {
    const task = item.category ?? '(none)';
    const t = perTask.get(task) ?? { items: 0, correct: 0 };
    t.items++;
    t.correct += scores[k]!;
    perTask.set(task, t);
    if (scores[k] !== (item.pass ? 1 : 0)) pairingAdjusted++;
  });
  const tasks = [...perTask.entries()]
    .map(([task, t]) => ({ task, group: groupOf(task === '(none)' ? null : task), items: t.items, correct: t.correct, accuracy: t.correct / t.items }))
    .sort((a, b) => a.group.localeCompare(b.group) || a.task.localeCompare(b.task));
  const groupNames: Group[] = [...GROUPS, 'other'];
  const groups = groupNames
    .map((group) => {
      const members = tasks.filter((t) => t.group === group);
      return { group, tasks: members.length, accuracy: members.length ? members.reduce((s, t) => s + t.accuracy, 0) / members.length : 0 };
    })
    .filter((g) => g.tasks > 0);
  const overall = tasks.length ? tasks.reduce((s, t) => s + t.accuracy, 0) / tasks.length : null;
  return { tasks, groups, overall, items: items.length, pairingAdjusted };
}
