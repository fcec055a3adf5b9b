/** Running `helix-curate` in-process through main(), capturing stdout and stderr. */
import { Writable } from 'node:stream';
import { main } from '../../src/cli/main';

export class Sink extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: string, cb: () => void): void {
    this.text += chunk.toString();
    cb();
  }
}

/** `helix-curate ARGV --quiet`: exit code and what it printed. */
export async function runCli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out = new Sink();
  const err = new Sink();
  const code = await main([...argv, '--quiet'], out, err);
  return { code, out: out.text, err: err.text };
}
