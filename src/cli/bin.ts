/** The `helix-curate` executable (bundled by webpack as dist/cli.js). */
import { EXIT, main } from './main';

// `helix-curate stats big.jsonl | head` closes stdout early: stop quietly.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(EXIT.ok);
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`helix-curate: internal error: ${String(e)}\n`);
    process.exitCode = EXIT.internal;
  },
);
