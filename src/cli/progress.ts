import type { DatasetIndex, DatasetReader, IndexEntry } from '../core/readers/types';

/**
 * Progress on stderr for anything that runs over a second: a live line on a terminal, a line every few
 * seconds otherwise (CI logs), nothing at all with --quiet. stdout stays clean for --json.
 */
export class Progress {
  private readonly started = Date.now();
  private lastWrite = 0;
  private shown = false;

  constructor(
    private readonly label: string,
    private readonly enabled: boolean,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {}

  update(done: number, total: number, unit: string): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.started < 1000) return;
    const tty = this.stream.isTTY;
    if (now - this.lastWrite < (tty ? 100 : 5000)) return;
    this.lastWrite = now;
    const pct = total > 0 ? Math.floor((done / total) * 100) : 0;
    const text = `${this.label}: ${pct}% (${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')} ${unit})`;
    if (tty) this.stream.write(`\r\x1b[K${text}`);
    else this.stream.write(`${text}\n`);
    this.shown = true;
  }

  done(): void {
    if (this.shown && this.stream.isTTY) this.stream.write('\r\x1b[K');
    this.shown = false;
  }
}

/** Build the reader's index with an "indexing" progress line (the reader stays open: the caller closes it). */
export async function indexWithProgress(
  reader: DatasetReader,
  o: { quiet: boolean; signal?: AbortSignal | undefined; onEntries?: (batch: readonly IndexEntry[]) => void },
): Promise<DatasetIndex> {
  const progress = new Progress('indexing', !o.quiet);
  try {
    return await reader.buildIndex({
      onProgress: (p) => progress.update(p.bytesDone, p.bytesTotal, 'bytes'),
      ...(o.signal ? { signal: o.signal } : {}),
      ...(o.onEntries ? { onEntries: o.onEntries } : {}),
    });
  } finally {
    progress.done();
  }
}
