/**
 * Sample problems on stderr for the batch commands (`verify`, `tag`): a sample that reads fine can still
 * have an image that is missing, refused or not an image, an `<image>` count that does not match, an
 * unreadable metric_info. Each is one line `FILE:LINE: ID: field: message` (`FILE row N: ...` where rows
 * have no line), in file order, the first PROBLEM_LINES only, then how many more there were: a file with a
 * broken image folder must not bury the summary under 100,000 lines.
 */
import { formatWhere } from '../core/readers/types';
import type { Problem } from '../core/sample';

/** Problem lines printed per run; the rest are counted. */
export const PROBLEM_LINES = 50;

/** What a worker posts of one sample's problems (the main thread names the file). */
export interface SampleProblems {
  line: number | undefined;
  ordinal: number;
  id: string;
  problems: Array<Pick<Problem, 'field' | 'message'>>;
}

/**
 * Row text on a terminal: control characters (line breaks, ESC sequences that would recolour or rewrite
 * the terminal) escaped, and long text cut.
 */
export function terminalSafe(s: string, max = 300): string {
  // eslint-disable-next-line no-control-regex
  const escaped = s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => {
    const code = c.charCodeAt(0);
    return code === 0x0a ? '\\n' : code === 0x0d ? '\\r' : code === 0x09 ? '\\t' : `\\u${code.toString(16).padStart(4, '0')}`;
  });
  return escaped.length > max ? `${escaped.slice(0, max)}…` : escaped;
}

export function problemLine(file: string, s: Omit<SampleProblems, 'problems'>, p: Pick<Problem, 'field' | 'message'>): string {
  const where = formatWhere(s.line !== undefined ? { line: s.line } : { ordinal: s.ordinal });
  return `${file}${where}: ${terminalSafe(s.id, 120)}: ${p.field ? `${terminalSafe(p.field, 60)}: ` : ''}${terminalSafe(p.message)}`;
}

/** Prints sample problems as they come (in file order), up to `cap` lines, and counts the rest. */
export class ProblemPrinter {
  /** Problems seen (printed or not). */
  total = 0;
  /** Samples with at least one problem. */
  samples = 0;

  constructor(
    private readonly file: string,
    private readonly err: NodeJS.WritableStream,
    private readonly cap: number = PROBLEM_LINES,
  ) {}

  add(s: SampleProblems): void {
    if (s.problems.length === 0) return;
    this.samples++;
    let text = '';
    for (const p of s.problems) {
      if (this.total++ < this.cap) text += `${problemLine(this.file, s, p)}\n`;
    }
    if (text) this.err.write(text);
  }

  /** The count of problems not printed, if any (call once at the end). */
  finish(): void {
    const rest = this.total - this.cap;
    if (rest > 0) this.err.write(`${this.file}: ${rest.toLocaleString('en-US')} more sample problem${rest === 1 ? '' : 's'} not listed (${this.total.toLocaleString('en-US')} in ${this.samples.toLocaleString('en-US')} samples; \`helix-curate show FILE ID\` shows one sample's)\n`);
  }
}
