/** Where this window's journal goes and where the team's journals are looked for (src/extension/curator/journalLocation.ts). */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { datasetPathHash } from '../../src/core/journal/paths';
import { journalPlace } from '../../src/extension/curator/journalLocation';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helix-place-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const ctx = (extra: Partial<Parameters<typeof journalPlace>[1]> = {}) => ({
  folderSetting: '',
  workspaceFolder: dir,
  extensionPath: path.join(dir, 'ext'),
  globalStoragePath: path.join(dir, 'storage'),
  ...extra,
});

describe('journalPlace', () => {
  it('beside the dataset by default; the shared journal unless perCurator', () => {
    const data = path.join(dir, 'data', 'traces.jsonl');
    fs.mkdirSync(path.dirname(data));
    expect(journalPlace(data, ctx())).toEqual({ path: path.join(dir, 'data', 'traces.helix-journal.jsonl'), folder: undefined });
    expect(journalPlace(data, ctx({ perCurator: true, curator: 'Ann Lee' })).path).toBe(path.join(dir, 'data', 'traces.Ann_Lee.helix-journal.jsonl'));
  });

  it('in the configured folder (relative to the workspace), named after the dataset path hash', () => {
    const data = path.join(dir, 'traces.jsonl');
    const place = journalPlace(data, ctx({ folderSetting: 'journals', perCurator: true, curator: 'bob' }));
    expect(place.folder).toBe(path.join(dir, 'journals'));
    expect(place.path).toBe(path.join(dir, 'journals', `traces.${datasetPathHash(data)}.bob.helix-journal.jsonl`));
  });

  it('datasets inside the extension (the bundled sample) journal into global storage', () => {
    const data = path.join(dir, 'ext', 'media', 'sample', 'x.jsonl');
    fs.mkdirSync(path.dirname(data), { recursive: true });
    const place = journalPlace(data, ctx());
    expect(place.folder).toBe(path.join(dir, 'storage'));
    expect(path.dirname(place.path)).toBe(path.join(dir, 'storage'));
  });
});
