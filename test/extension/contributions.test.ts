/**
 * package.json's contributions are checked against their sources of truth (style.md item 8):
 * - `contributes.configuration` is generated from the zod schema in src/extension/settings.ts;
 * - the contributed commands are exactly COMMANDS, and each is registered in extension.ts;
 * - the explorer menu's `when` clause matches DATASET_EXTENSIONS;
 * - activation stays narrow.
 * After changing a setting, run `UPDATE_CONTRIBUTES=1 npx vitest run test/extension/contributions.test.ts`
 * to rewrite those generated parts of package.json, then review the diff.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { associatedWithCurator, associationMatches, COMMANDS, datasetWhenClause } from '../../src/extension/contributions';
import { configurationContribution } from '../../src/extension/settings';

const root = path.resolve(__dirname, '../..');
const manifestPath = path.join(root, 'package.json');

interface Manifest {
  main: string;
  engines: { vscode: string };
  activationEvents: string[];
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  contributes: {
    commands: Array<{ command: string; title: string; category?: string }>;
    menus: Record<string, Array<{ command: string; when?: string }>>;
    configuration: unknown;
  };
}

function readManifest(): Manifest {
  return JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as Manifest;
}

if (process.env['UPDATE_CONTRIBUTES'] === '1') {
  const text = fs.readFileSync(manifestPath, 'utf8');
  const manifest = JSON.parse(text) as Manifest;
  manifest.contributes.configuration = configurationContribution();
  for (const item of manifest.contributes.menus['explorer/context'] ?? []) {
    if (item.command === COMMANDS.showStats) item.when = datasetWhenClause();
  }
  fs.writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
}

describe('package.json contributions', () => {
  const manifest = readManifest();

  it('contributes.configuration is generated from the zod settings schema', () => {
    expect(manifest.contributes.configuration, 'stale: run UPDATE_CONTRIBUTES=1 npx vitest run test/extension/contributions.test.ts').toEqual(
      configurationContribution(),
    );
  });

  it('every setting is under the helixCurator. prefix', () => {
    const { properties } = configurationContribution();
    for (const key of Object.keys(properties)) expect(key).toMatch(/^helixCurator\.[a-zA-Z]/);
  });

  it('contributes exactly the commands in COMMANDS, each in the Helix category', () => {
    const contributed = manifest.contributes.commands.map((c) => c.command).sort();
    expect(contributed).toEqual(Object.values(COMMANDS).sort());
    for (const c of manifest.contributes.commands) expect(c.category).toBe('Helix');
  });

  it('registers every contributed command in extension.ts', () => {
    const source = fs.readFileSync(path.join(root, 'src/extension/extension.ts'), 'utf8');
    for (const key of Object.keys(COMMANDS)) expect(source).toMatch(new RegExp(`registerCommand\\(\\s*COMMANDS\\.${key}\\b`));
  });

  it('offers Show Dataset Statistics on dataset files in the explorer', () => {
    const entries = manifest.contributes.menus['explorer/context'] ?? [];
    const entry = entries.find((e) => e.command === COMMANDS.showStats);
    expect(entry?.when).toBe(datasetWhenClause());
  });

  it('activates narrowly: onLanguage:jsonl, commands derived by VS Code', () => {
    expect(manifest.activationEvents).toEqual(['onLanguage:jsonl']);
    expect(manifest.activationEvents).not.toContain('*');
    expect(manifest.activationEvents).not.toContain('onStartupFinished');
    expect(manifest.activationEvents.filter((e) => e.startsWith('onCommand:'))).toEqual([]);
  });

  it('points main at the extension bundle and keeps @types/vscode at the engine minimum', () => {
    expect(manifest.main).toBe('./dist/extension.js');
    const engine = /^\^(\d+\.\d+)/.exec(manifest.engines.vscode)?.[1];
    expect(manifest.devDependencies?.['@types/vscode']).toBe(engine);
  });

  it('declares every package that the extension, server, protocol and webview import', () => {
    const declared = new Set([...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.devDependencies ?? {})]);
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(p);
        else if (/\.tsx?$/.test(entry.name)) files.push(p);
      }
    };
    for (const dir of ['src/extension', 'src/server', 'src/protocol', 'webview']) walk(path.join(root, dir));
    const missing = new Set<string>();
    for (const file of files) {
      const source = fs.readFileSync(file, 'utf8');
      for (const m of source.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)'([^'.][^']*)'/g)) {
        const spec = m[1]!;
        if (spec.startsWith('node:') || spec === 'vscode') continue;
        const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;
        if (!declared.has(name)) missing.add(`${name} (${path.relative(root, file)})`);
      }
    }
    expect([...missing]).toEqual([]);
  });
});

describe('editor associations with the curator', () => {
  it('matches VS Code glob patterns against the file name, or the path when they hold a slash', () => {
    expect(associationMatches('*.jsonl', '/w/data/a.jsonl')).toBe(true);
    expect(associationMatches('*.jsonl', '/w/data/a.json')).toBe(false);
    expect(associationMatches('*.JSONL', '/w/A.jsonl')).toBe(true);
    expect(associationMatches('mmhelix-?.jsonl', '/w/mmhelix-1.jsonl')).toBe(true);
    expect(associationMatches('**/evals/*.jsonl', '/w/evals/x.jsonl')).toBe(true);
    expect(associationMatches('**/evals/*.jsonl', '/w/other/x.jsonl')).toBe(false);
    expect(associationMatches('a+b.jsonl', '/w/a+b.jsonl')).toBe(true);
    expect(associationMatches('a+b.jsonl', '/w/aab.jsonl')).toBe(false);
  });

  it('picks the files associated with the curator, in both setting shapes', () => {
    const paths = ['/w/a.jsonl', '/w/b.parquet', '/w/c.txt'];
    expect(associatedWithCurator({ '*.jsonl': 'helixCurator.curator', '*.txt': 'default' }, paths)).toEqual(['/w/a.jsonl']);
    expect(associatedWithCurator([{ viewType: 'helixCurator.curator', filenamePattern: '*.parquet' }], paths)).toEqual(['/w/b.parquet']);
    expect(associatedWithCurator(undefined, paths)).toEqual([]);
    expect(associatedWithCurator({ '*.jsonl': 'other.editor' }, paths)).toEqual([]);
  });
});
