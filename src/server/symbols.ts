/**
 * Document symbols: one per sample (its id, with task and difficulty as the detail), so the outline,
 * breadcrumbs and go-to-symbol work on a large file. No full parse: the text is encoded once and each
 * line's top level is walked by the JSONL reader's byte scanner (scanObjectHead), which decodes only the
 * short id/task/difficulty scalars; `identify` names the sample exactly as the curator does.
 */
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver';
import { HEAD_KEYS, identify } from '../core/normalize';
import { scanObjectHead } from '../core/readers/jsonScan';

export interface SymbolOptions {
  /** Stop after this many symbols (an outline of more is of no use and costly to send). */
  maxSymbols: number;
  /**
   * List at most this many unreadable rows (default 1,000); later ones are left out while rows go on being
   * listed. A file of a million junk lines would otherwise make an outline of junk alone (hundreds of MB
   * of JSON, seconds of a blocked server) and push its real rows past `maxSymbols`; the diagnostics name
   * the junk lines anyway.
   */
  maxUnreadable?: number;
}

const MAX_UNREADABLE = 1000;

export function documentSymbols(text: string, options: SymbolOptions): DocumentSymbol[] {
  const out: DocumentSymbol[] = [];
  const buf = Buffer.from(text, 'utf8');
  // Lines are found in the string (UTF-16 columns for ranges) and in the bytes (for the scanner) in step:
  // `\n` is one unit in both, so the k-th line of one is the k-th line of the other.
  let s = 0;
  let b = 0;
  let lineIndex = 0;
  let ordinal = 0;
  let unreadable = 0;
  const maxUnreadable = options.maxUnreadable ?? MAX_UNREADABLE;
  while (s <= text.length && out.length < options.maxSymbols) {
    let sEnd = text.indexOf('\n', s);
    let bEnd = buf.indexOf(0x0a, b);
    if (sEnd < 0) sEnd = text.length;
    if (bEnd < 0) bEnd = buf.length;
    let sStop = sEnd;
    let bStop = bEnd;
    if (sStop > s && text.charCodeAt(sStop - 1) === 0x0d) {
      sStop--;
      bStop--;
    }
    let first = b;
    // A byte order mark (left at the start of the text by a client that does not strip it) is not the row's.
    if (buf[first] === 0xef && buf[first + 1] === 0xbb && buf[first + 2] === 0xbf) first += 3;
    while (first < bStop && (buf[first] === 0x20 || buf[first] === 0x09)) first++;
    if (first < bStop) {
      const scanned = scanObjectHead(buf, first, bStop, HEAD_KEYS);
      if (scanned.ok || ++unreadable <= maxUnreadable) {
        const ident = identify(scanned.ok ? scanned.head : {}, ordinal);
        const detail = scanned.ok ? [ident.task, ident.difficulty !== null ? `difficulty ${ident.difficulty}` : null].filter((x) => x !== null).join(' · ') : 'unreadable row';
        const range = { start: { line: lineIndex, character: 0 }, end: { line: lineIndex, character: sStop - s } };
        out.push({ name: ident.id, detail, kind: SymbolKind.Object, range, selectionRange: range });
      }
      ordinal++;
    }
    s = sEnd + 1;
    b = bEnd + 1;
    lineIndex++;
  }
  return out;
}
