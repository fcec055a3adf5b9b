export interface LineItem {
  key: string;
  /** 1-based line in the file; rows without one (Parquet) are listed but cannot be opened. */
  line?: number | undefined;
  /** 0-based sample position, shown when there is no line. */
  ordinal?: number | undefined;
  id: string;
  message: string;
}

/**
 * Rows with a message, each a button that opens the file at its line (keyboard: Tab to it, Enter/Space).
 * All text is rendered as text: row content is data, never HTML.
 */
export function LineList({ items, icon, label, onOpenLine }: { items: LineItem[]; icon: 'error' | 'warning'; label: string; onOpenLine: (line: number) => void }) {
  return (
    <ul className="line-list" aria-label={label}>
      {items.map((item) => {
        const where = item.line !== undefined ? `Line ${item.line}` : item.ordinal !== undefined ? `Row ${item.ordinal + 1}` : '';
        const content = (
          <>
            <span className={`codicon codicon-${icon} ${icon}-text`} aria-hidden="true" />
            <span className="where">{where}</span>
            <span className="id">{item.id}</span>
            <span className="message">{item.message}</span>
          </>
        );
        const line = item.line;
        return (
          <li key={item.key}>
            {line !== undefined ? (
              <button type="button" className="line-button" title={`Open ${where.toLowerCase()} in the editor`} onClick={() => onOpenLine(line)}>
                {content}
              </button>
            ) : (
              <div className="line-static">{content}</div>
            )}
          </li>
        );
      })}
    </ul>
  );
}
