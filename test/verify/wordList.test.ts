/** The WordLadder dictionary loader: the fast path (bare lines) and the trimming path read the same words. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { defaultWordList, readWordList } from '../../src/core/verify/tasks/puzzles/wordList';

function gz(text: string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'helix-words-')), 'w.gz');
  fs.writeFileSync(file, zlib.gzipSync(Buffer.from(text, 'utf8')));
  return file;
}

describe('readWordList', () => {
  it('reads bare lines and padded / CRLF / blank-line variants to the same set', () => {
    const bare = readWordList(gz('cat\ncot\ndog\nDog\n'));
    const messy = readWordList(gz('cat\r\n  cot \n\n\tdog\nDog\r\n\n'));
    expect(bare).toEqual(new Set(['cat', 'cot', 'dog', 'Dog']));
    expect(messy).toEqual(bare);
  });

  it('the shipped list: 234,937 words, case-sensitive, no empty word', () => {
    const words = defaultWordList.get()!;
    expect(words.size).toBe(234_937);
    expect(words.has('')).toBe(false);
    expect(words.has('ladder')).toBe(true);
    expect(words.has('Ladder')).toBe(false);
  });

  it('an unreadable file reads as null', () => {
    expect(readWordList(gz('x').replace(/w\.gz$/, 'missing.gz'))).toBeNull();
  });
});
