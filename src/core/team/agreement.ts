/**
 * How far a team's curators agree, chance-corrected, overall and per task.
 *
 * Decisions: the categories are accept / reject / flag; the items are the samples that EVERY considered
 * curator decided (a non-clear vote; adjudication rulings are not votes). Two curators give Cohen's kappa,
 * three or more Fleiss' kappa (which needs every item rated by every rater, hence the item rule).
 *
 * Step tags: for each of the five tags a binary rating (the tag is on the step or not) of every
 * (sample, step) of the samples every considered curator decided; a curator's rating is the effective tag
 * set `mergeTagEdits(autoTags, edits)` of their latest ordinary line (rulings carry no tag edits). `perTag` pools the tasks; `overall` and
 * `perTask` pool the five tags (each (sample, step, tag) one binary item). A curator who never corrects a
 * tag rates exactly as the tagger does, so two such curators agree perfectly: the figure measures
 * agreement on the curated tags, not on the tagger.
 *
 * Degenerate cases (fewer than two curators, no items, every rating in one category) give kappa null with
 * a note, never NaN.
 */
import { mergeTagEdits } from '../journal/tags';
import { TAGS, type Tag } from '../trace/cueSchema';
import { KappaAccumulator } from './kappa';
import type { TeamJournal, VoteDecision } from './merge';

export interface AgreementFigure {
  kappa: number | null;
  method: 'cohen' | 'fleiss';
  raters: number;
  /** Items the figure rests on. */
  items: number;
  /** Observed agreement (Cohen's p_o, Fleiss' mean P_i); null without items. */
  observed: number | null;
  /** Agreement expected by chance (p_e); null without items. */
  expected?: number | null;
  note?: string;
}

export interface AgreementReport {
  /** The curators whose ratings were compared, in order. */
  curators: string[];
  overall: AgreementFigure;
  perTask: Record<string, AgreementFigure>;
  perTag?: Record<Tag, AgreementFigure>;
  /** Tags: per task and tag. */
  perTaskTag?: Record<string, Record<Tag, AgreementFigure>>;
}

/** The task key of samples whose task is unknown. */
export const NO_TASK = '(no task)';

export interface AgreementOptions {
  /** The sample's task (null: unknown, grouped under NO_TASK). */
  taskOf: (sampleId: string) => string | null;
  /** The curators to compare; default every curator with at least one non-clear vote, in order of first line. */
  curators?: readonly string[];
}

export interface TagAgreementOptions extends AgreementOptions {
  /** The tagger's tags of every step of the sample; null when the sample cannot be analysed (left out). */
  autoTags: (sampleId: string) => Tag[][] | null;
}

const DECISION_INDEX: Record<VoteDecision, number> = { accept: 0, reject: 1, flag: 2 };

/** A figure that rests on an accumulator, or the null figure when there are fewer than two raters. */
class Figure {
  private readonly acc: KappaAccumulator | null;
  constructor(
    private readonly raters: number,
    categories: number,
  ) {
    this.acc = raters >= 2 ? new KappaAccumulator(raters, categories) : null;
  }

  add(ratings: readonly number[]): void {
    this.acc?.add(ratings);
  }

  result(): AgreementFigure {
    const method = this.raters >= 3 ? 'fleiss' : 'cohen';
    if (!this.acc) return { kappa: null, method, raters: this.raters, items: 0, observed: null, expected: null, note: `agreement needs at least two curators (${this.raters} considered)` };
    const r = this.acc.result();
    const out: AgreementFigure = { kappa: r.kappa, method, raters: this.raters, items: r.items, observed: r.observed, expected: r.expected };
    if (r.note !== undefined) out.note = r.note;
    return out;
  }
}

function consideredCurators(team: TeamJournal, curators: readonly string[] | undefined): string[] {
  if (curators) return [...new Set(curators)];
  const voters = new Set<string>();
  for (const id of team.sampleIds()) for (const c of team.curators()) if (team.voteOf(id, c) !== 'clear') voters.add(c);
  return team.curators().filter((c) => voters.has(c));
}

/** Every considered curator's vote on the sample, or null when one of them has none. */
function allVotes(team: TeamJournal, id: string, curators: readonly string[]): VoteDecision[] | null {
  const out: VoteDecision[] = [];
  for (const c of curators) {
    const v = team.voteOf(id, c);
    if (v === 'clear') return null;
    out.push(v);
  }
  return out;
}

function group<T>(map: Map<string, T>, key: string, make: () => T): T {
  let v = map.get(key);
  if (v === undefined) map.set(key, (v = make()));
  return v;
}

function sortedRecord<T, U>(map: Map<string, T>, f: (t: T) => U): Record<string, U> {
  return Object.fromEntries([...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => [k, f(v)]));
}

/** Agreement on accept / reject / flag (see the module comment). */
export function decisionAgreement(team: TeamJournal, options: AgreementOptions): AgreementReport {
  const curators = consideredCurators(team, options.curators);
  const m = curators.length;
  const overall = new Figure(m, 3);
  const perTask = new Map<string, Figure>();
  if (m >= 2) {
    for (const id of team.sampleIds()) {
      const votes = allVotes(team, id, curators);
      if (!votes) continue;
      const ratings = votes.map((v) => DECISION_INDEX[v]);
      overall.add(ratings);
      group(perTask, options.taskOf(id) ?? NO_TASK, () => new Figure(m, 3)).add(ratings);
    }
  }
  return { curators, overall: overall.result(), perTask: sortedRecord(perTask, (f) => f.result()) };
}

/** Agreement on the step tags of the samples every considered curator decided (see the module comment). */
export function tagAgreement(team: TeamJournal, options: TagAgreementOptions): AgreementReport {
  const curators = consideredCurators(team, options.curators);
  const m = curators.length;
  const newTagFigures = (): Record<Tag, Figure> => Object.fromEntries(TAGS.map((t) => [t, new Figure(m, 2)])) as Record<Tag, Figure>;
  const overall = new Figure(m, 2);
  const perTag = newTagFigures();
  const perTask = new Map<string, Figure>();
  const perTaskTag = new Map<string, Record<Tag, Figure>>();
  const ratings = new Array<number>(m).fill(0);
  if (m >= 2) {
    for (const id of team.sampleIds()) {
      if (!allVotes(team, id, curators)) continue;
      const auto = options.autoTags(id);
      if (!auto) continue;
      const task = options.taskOf(id) ?? NO_TASK;
      const taskFigure = group(perTask, task, () => new Figure(m, 2));
      const taskTags = group(perTaskTag, task, newTagFigures);
      // Each curator's effective tags of every step, as sets.
      const effective = curators.map((c) => mergeTagEdits(auto, team.latest(id, c)?.tags ?? []).map((tags) => new Set(tags)));
      for (let step = 0; step < auto.length; step++) {
        for (const tag of TAGS) {
          for (let r = 0; r < m; r++) ratings[r] = effective[r]![step]!.has(tag) ? 1 : 0;
          overall.add(ratings);
          perTag[tag].add(ratings);
          taskFigure.add(ratings);
          taskTags[tag].add(ratings);
        }
      }
    }
  }
  const tagResults = (figs: Record<Tag, Figure>): Record<Tag, AgreementFigure> => Object.fromEntries(TAGS.map((t) => [t, figs[t].result()])) as Record<Tag, AgreementFigure>;
  return {
    curators,
    overall: overall.result(),
    perTask: sortedRecord(perTask, (f) => f.result()),
    perTag: tagResults(perTag),
    perTaskTag: sortedRecord(perTaskTag, tagResults),
  };
}
