/**
 * A chart with what makes it usable without the canvas: a heading, an HTML legend, a one-line summary,
 * and a data table behind a toggle button. Table rows that stand for a filter are focusable; Enter (or a
 * click) applies it, the same filter a click on the bar gives.
 */
import { useId, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { Filter } from '../../src/protocol/curator';
import { cssVar, type Role } from './palette';

export interface TableRow {
  key: string;
  cells: ReactNode[];
  /** The filter Enter applies; rows without one are plain. */
  filter?: Filter;
  /** How the filter reads ("filter the list to task maze"), the row's accessible description. */
  filterLabel?: string;
}

export interface FigureTable {
  head: string[];
  rows: TableRow[];
}

export interface ChartFigureProps {
  id: string;
  title: string;
  /** One sentence: what is plotted and how it is counted. */
  summary: ReactNode;
  legend?: Array<{ label: string; role: Role }>;
  table: FigureTable;
  onFilter?: (filter: Filter) => void;
  children: ReactNode;
}

export function ChartFigure({ id, title, summary, legend, table, onFilter, children }: ChartFigureProps) {
  const [open, setOpen] = useState(false);
  const uid = useId();
  const headingId = `${uid}-h`;
  const tableId = `${uid}-t`;
  const activate = (row: TableRow): void => {
    if (row.filter && onFilter) onFilter(row.filter);
  };
  const onKey = (e: KeyboardEvent<HTMLTableRowElement>, row: TableRow): void => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      activate(row);
    }
  };
  return (
    <section className="insight-figure" aria-labelledby={headingId} data-testid={`figure-${id}`}>
      <header className="insight-figure-head">
        <h3 id={headingId}>{title}</h3>
        <button
          type="button"
          className="insight-toggle"
          aria-expanded={open}
          aria-controls={tableId}
          onClick={() => setOpen((o) => !o)}
          data-testid={`toggle-${id}`}
        >
          <span className={`codicon ${open ? 'codicon-graph' : 'codicon-table'}`} aria-hidden="true" />
          {open ? 'Hide data table' : 'Show data table'}
        </button>
      </header>
      <p className="insight-summary">{summary}</p>
      {legend && legend.length > 0 && (
        <ul className="insight-legend" aria-label={`${title}: legend`}>
          {legend.map((l) => (
            <li key={l.label}>
              <span className="insight-swatch" style={{ backgroundColor: cssVar(l.role) }} aria-hidden="true" />
              {l.label}
            </li>
          ))}
        </ul>
      )}
      {children}
      <div id={tableId} hidden={!open} className="insight-table-wrap">
        {open && (
          <table className="insight-table" aria-label={`${title}: data`} data-testid={`table-${id}`}>
            <thead>
              <tr>
                {table.head.map((h, i) => (
                  <th key={i} scope="col">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((row) => {
                const actionable = row.filter !== undefined && onFilter !== undefined;
                return (
                  <tr
                    key={row.key}
                    tabIndex={actionable ? 0 : undefined}
                    className={actionable ? 'insight-row-action' : undefined}
                    title={actionable ? row.filterLabel : undefined}
                    aria-description={actionable ? row.filterLabel : undefined}
                    onKeyDown={actionable ? (e) => onKey(e, row) : undefined}
                    onClick={actionable ? () => activate(row) : undefined}
                    data-row={row.key}
                  >
                    {row.cells.map((c, i) =>
                      i === 0 ? (
                        <th key={i} scope="row">
                          {c}
                        </th>
                      ) : (
                        <td key={i}>{c}</td>
                      ),
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </div>
    </section>
  );
}
