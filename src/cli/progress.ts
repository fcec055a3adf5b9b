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
