/**
 * A curator filter (a saved view) as the export's scope: the parts the query language has (task,
 * difficulty, verdict, decision, tags, agreement) become a `--where` expression (src/core/query); the text
 * search (ids and task names containing a string) becomes an id list, computed from the index. The one part
 * nothing can express, `stale` decisions, is named in `unsupported` so the caller can say so.
 *
 * vscode-free; unit tested against the query parser and against the webview's own filter.
 */
import { TAG_ORDER, type Filter } from '../../protocol/curator';

export interface FilterScope {
  /** The expression (null when the filter restricts nothing the query language expresses). */
  where: string | null;
  /** Ids matching the text search (null when the filter has none). */
  ids: string[] | null;
  /** Filter parts the scope leaves out. */
  unsupported: string[];
}

const quote = (s: string) => `"${s.replace(/[\\"]/g, (c) => `\\${c}`)}"`;

/** `field in (...)`, with `''` (no value) as `field == null`. */
function membership(field: string, values: readonly string[]): string {
  const present = values.filter((v) => v !== '');
  const parts: string[] = [];
  if (present.length > 0) parts.push(`${field} in (${present.map(quote).join(', ')})`);
  if (values.includes('')) parts.push(`${field} == null`);
  return parts.length === 1 ? parts[0]! : `(${parts.join(' or ')})`;
}

export function filterScope(filter: Filter, index: { ids: readonly string[]; tasks: readonly (string | null)[] }): FilterScope {
  const clauses: string[] = [];
  const unsupported: string[] = [];
  if (filter.tasks?.length) clauses.push(membership('task', filter.tasks));
  if (filter.difficulties?.length) clauses.push(membership('difficulty', filter.difficulties));
  const verdicts = filter.verdicts?.filter((v) => v !== 'pending') ?? [];
  if (verdicts.length) clauses.push(membership('verdict', verdicts));
  else if (filter.verdicts?.length) unsupported.push('the "pending" verdict (every sample is analysed for the export)');
  const decisions = filter.decisions?.filter((d) => d !== 'stale') ?? [];
  if (decisions.length) clauses.push(membership('decision', decisions));
  if (filter.decisions?.includes('stale')) unsupported.push('"stale" decisions (the export reports them instead)');
  for (const t of filter.tags ?? []) {
    if (!TAG_ORDER.includes(t.tag)) continue;
    if (t.absent) clauses.push(`tags.${t.tag} == 0`);
    else if (t.min > 0) clauses.push(`tags.${t.tag} >= ${t.min}`);
  }
  if (filter.agreement?.length) clauses.push(membership('agreement', filter.agreement));

  let ids: string[] | null = null;
  const text = filter.text?.trim().toLowerCase() ?? '';
  if (text) {
    ids = [];
    for (let i = 0; i < index.ids.length; i++) {
      const id = index.ids[i] ?? '';
      if (id.toLowerCase().includes(text) || (index.tasks[i] ?? '').toLowerCase().includes(text)) ids.push(id);
    }
  }
  return { where: clauses.length ? clauses.join(' and ') : null, ids, unsupported };
}
