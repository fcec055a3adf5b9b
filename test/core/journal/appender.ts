/**
 * Child process of concurrency.test.ts (bundled with esbuild there): appends N lines as fast as it can to
 * one journal. Usage: node appender.js FILE CURATOR N START_AT_MS
 */
import { appendJournal, journalLine } from '../../../src/core/journal';

async function main(): Promise<void> {
  const [file, curator, count, startAt] = process.argv.slice(2);
  if (!file || !curator || !count || !startAt) throw new Error('usage: appender FILE CURATOR N START_AT_MS');
  while (Date.now() < Number(startAt)) {
    // wait for the common start, so both children write at the same time
  }
  const n = Number(count);
  const pending: Promise<void>[] = [];
  for (let i = 0; i < n; i++) {
    // lines of 100 B to 20 KB: many are larger than PIPE_BUF and a page, so interleaving would show
    const note = `${curator}:${i}:`.padEnd(100 + ((i * 7919) % 20_000), curator[0]);
    pending.push(appendJournal(file, journalLine({ curator, sampleId: `${curator}-${i}`, contentHash: '0123456789abcdef', decision: i % 2 ? 'accept' : 'reject', note })));
    if (i % 3 === 0) await pending[pending.length - 1]; // a mix of awaited and fire-and-forget appends
  }
  await Promise.all(pending);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
