import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, maxRowBytes, parseSettings, SETTING_KEYS, type SettingKey } from '../../src/extension/settings';

const from = (values: Partial<Record<SettingKey, unknown>>) => (key: SettingKey) => values[key];

describe('settings', () => {
  it('has the documented defaults', () => {
    expect(DEFAULT_SETTINGS).toEqual({
      maxRowMB: 32,
      checkImages: true,
      'diagnostics.maxProblems': 200,
      'diagnostics.include': ['*.jsonl', '*.ndjson'],
      'diagnostics.onlySamples': true,
      'diagnostics.severity.invalidJson': 'error',
      'diagnostics.severity.schema': 'error',
      'diagnostics.severity.unknownTask': 'warning',
      'diagnostics.severity.image': 'warning',
      'diagnostics.severity.sampleProblem': 'warning',
      'diagnostics.severity.answerFails': 'error',
      'diagnostics.severity.lenientPass': 'warning',
      'diagnostics.severity.mismatch': 'warning',
      'curator.name': '',
      'journal.folder': '',
      'journal.perCurator': false,
      'export.maxResponseChars': 0,
      'insight.targetMix': 'uniform',
      'curation.autoAdvance': true,
      'trace.cuesFile': '',
      'trace.server': 'off',
    });
    expect(parseSettings(() => undefined)).toEqual({ settings: DEFAULT_SETTINGS, problems: [] });
  });

  it('reads valid values', () => {
    const values = {
      maxRowMB: 1.5,
      checkImages: false,
      'diagnostics.maxProblems': 0,
      'diagnostics.include': ['data/**/*.jsonl'],
      'diagnostics.onlySamples': false,
      'diagnostics.severity.invalidJson': 'warning',
      'diagnostics.severity.schema': 'information',
      'diagnostics.severity.unknownTask': 'hint',
      'diagnostics.severity.image': 'off',
      'diagnostics.severity.sampleProblem': 'error',
      'diagnostics.severity.answerFails': 'warning',
      'diagnostics.severity.lenientPass': 'error',
      'diagnostics.severity.mismatch': 'error',
      'curator.name': 'Ada',
      'journal.folder': '.journals',
      'journal.perCurator': true,
      'export.maxResponseChars': 50000,
      'insight.targetMix': { tasks: { maze: 2 }, difficulties: { '5': 3 } },
      'curation.autoAdvance': false,
      'trace.cuesFile': 'cues/mine.json',
      'trace.server': 'verbose',
    } as const;
    const { settings, problems } = parseSettings(from(values));
    expect(problems).toEqual([]);
    expect(settings).toEqual(values);
  });

  it('replaces each invalid value by its default and says which one', () => {
    const { settings, problems } = parseSettings(from({ maxRowMB: -3, checkImages: 'yes', 'diagnostics.maxProblems': 2.5 }));
    expect(settings).toEqual(DEFAULT_SETTINGS);
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/^helixCurator\.maxRowMB: .*using the default \(32\)$/);
    expect(problems[1]).toMatch(/^helixCurator\.checkImages: /);
    expect(problems[2]).toMatch(/^helixCurator\.diagnostics\.maxProblems: /);
  });

  it('keeps the valid values next to an invalid one', () => {
    const { settings } = parseSettings(from({ maxRowMB: 'big', checkImages: false }));
    expect(settings.maxRowMB).toBe(32);
    expect(settings.checkImages).toBe(false);
  });

  it('converts maxRowMB to bytes', () => {
    expect(maxRowBytes({ ...DEFAULT_SETTINGS, maxRowMB: 2 })).toBe(2 * 1024 * 1024);
  });

  it('lists every key of the schema', () => {
    expect(SETTING_KEYS).toEqual([
      'maxRowMB',
      'checkImages',
      'diagnostics.maxProblems',
      'diagnostics.include',
      'diagnostics.onlySamples',
      'diagnostics.severity.invalidJson',
      'diagnostics.severity.schema',
      'diagnostics.severity.unknownTask',
      'diagnostics.severity.image',
      'diagnostics.severity.sampleProblem',
      'diagnostics.severity.answerFails',
      'diagnostics.severity.lenientPass',
      'diagnostics.severity.mismatch',
      'curator.name',
      'journal.folder',
      'journal.perCurator',
      'export.maxResponseChars',
      'insight.targetMix',
      'curation.autoAdvance',
      'trace.cuesFile',
      'trace.server',
    ]);
  });

  it('rejects a target mix with a negative weight, keeping the default', () => {
    const { settings, problems } = parseSettings(from({ 'insight.targetMix': { tasks: { maze: -1 } } }));
    expect(settings['insight.targetMix']).toBe('uniform');
    expect(problems[0]).toMatch(/^helixCurator\.insight\.targetMix: /);
  });
});
