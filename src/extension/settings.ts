/**
 * The extension's settings: one zod schema, the single source of truth for
 * - reading and validating `helixCurator.*` (extension host and language server),
 * - the `contributes.configuration` section of package.json, which `test/extension/contributions.test.ts`
 *   regenerates from this schema and compares (run it with UPDATE_CONTRIBUTES=1 to rewrite package.json).
 *
 * This module is imported by the language server too, so it must stay free of runtime `vscode` imports.
 * To add a setting: add a key here (with `.describe()` and a `.meta({ scope })`), run the contributions
 * test with UPDATE_CONTRIBUTES=1, then read it from `Settings` where it is needed.
 */
import { z } from 'zod';

export const SETTINGS_SECTION = 'helixCurator';

const scope = (s: 'application' | 'machine' | 'window' | 'resource' | 'machine-overridable') => ({ scope: s });

export const SEVERITIES = ['error', 'warning', 'information', 'hint', 'off'] as const;
export type SeveritySetting = (typeof SEVERITIES)[number];

/** One `diagnostics.severity.<check>` enum setting per language-server check (a drop-down in the Settings editor). */
function severitySettings<K extends string>(checks: Record<K, [SeveritySetting, string]>) {
  const out = {} as Record<`diagnostics.severity.${K}`, z.ZodDefault<z.ZodEnum<{ [S in SeveritySetting]: S }>>>;
  for (const [check, [byDefault, what]] of Object.entries(checks) as Array<[K, [SeveritySetting, string]]>) {
    out[`diagnostics.severity.${check}`] = z
      .enum(SEVERITIES)
      .default(byDefault)
      .describe(`${what} The severity of this language-server check (\`off\`: not reported).`)
      .meta(scope('resource'));
  }
  return out;
}

/** Keys are relative to `helixCurator.`; dots in keys are part of the setting name (VS Code nests them). */
export const SettingsSchema = z.object({
  maxRowMB: z
    .number()
    .min(1)
    .max(4096)
    .default(32)
    .describe('Rows (JSONL lines, JSON array elements) larger than this many MiB are reported as errors instead of being read.')
    .meta(scope('resource')),
  checkImages: z
    .boolean()
    .default(true)
    .describe("Check that image files referenced by samples exist (relative paths resolve against the dataset file's folder).")
    .meta(scope('resource')),
  'diagnostics.maxProblems': z
    .number()
    .int()
    .min(0)
    .max(100000)
    .default(200)
    .describe('Maximum number of problems the language server reports for one JSONL document (0 turns the diagnostics off).')
    .meta(scope('resource')),
  'diagnostics.include': z
    .array(z.string().min(1).max(1000))
    .max(100)
    .default(['*.jsonl', '*.ndjson'])
    .describe('Files the language server checks when they are opened as text (glob patterns: without a slash a pattern matches the file name, with one the whole path; `*` stays within a folder, `**` crosses folders). Takes effect when the language server (re)starts.')
    .meta(scope('window')),
  'diagnostics.onlySamples': z
    .boolean()
    .default(true)
    .describe('Check only files whose first non-blank line looks like a sample (a JSON object with an id, question, messages, conversations, prediction or response key), so other JSON Lines files (curation journals, logs) get no sample diagnostics.')
    .meta(scope('resource')),
  ...severitySettings({
    invalidJson: ['error', 'A line that is not valid JSON.'],
    schema: ['error', 'A row that fails the Sample schema (not an object, a known field of the wrong type, a line over the row size limit).'],
    unknownTask: ['warning', 'A row whose task has no verifier and which names no known metric_info.score_function.'],
    image: ['warning', "An image that does not exist, or whose path is absolute or climbs out of the dataset's folder."],
    sampleProblem: ['warning', 'Other problems of a usable sample (an <image> token count that does not match the images, an unreadable metric_info).'],
    answerFails: ['error', "A final answer the task's verifier rejects in reference mode (the verdict's reason is shown)."],
    lenientPass: ['warning', 'A lenient pass: the reference verifier accepts the answer but the strict rules reject it.'],
    mismatch: ['warning', 'A stored verdict (verdict, correct, score, ... column) that disagrees with the re-run reference verdict.'],
  }),
  'curator.name': z
    .string()
    .max(200)
    .default('')
    .describe('Your name in the curation journal (each decision records who made it). Empty: the operating system user name.')
    .meta(scope('application')),
  'journal.folder': z
    .string()
    .max(4096)
    .default('')
    .describe("Folder for curation journals. Empty: beside the dataset, as `<name>.helix-journal.jsonl` (datasets in read-only places, such as the bundled samples, use the extension's storage folder).")
    .meta(scope('resource')),
  'journal.perCurator': z
    .boolean()
    .default(false)
    .describe('Record your decisions in a journal of your own, `<name>.<curator>.helix-journal.jsonl`, instead of the shared `<name>.helix-journal.jsonl` (one file per curator merges cleanly in version control). The journals of every curator of a dataset are merged when it opens, either way.')
    .meta(scope('resource')),
  'export.maxResponseChars': z
    .number()
    .int()
    .min(0)
    .max(100_000_000)
    .default(0)
    .describe('Exports leave out (and report) responses longer than this many characters, as exported. 0: no limit.')
    .meta(scope('resource')),
  'insight.targetMix': z
    .union([
      z.literal('uniform'),
      z.object({
        tasks: z.record(z.string(), z.number().min(0)).optional(),
        difficulties: z.record(z.string(), z.number().min(0)).optional(),
      }),
    ])
    .default('uniform')
    .describe('The wanted mix of the accepted set, for the insight\'s balance figure: "uniform" over the 42 MM-HELIX tasks and 5 difficulties, or weights, e.g. {"tasks": {"maze": 2, "sudoku": 1}, "difficulties": {"1": 1, "5": 3}} (tasks or difficulties left out: uniform).')
    .meta(scope('resource')),
  'curation.autoAdvance': z
    .boolean()
    .default(true)
    .describe('Accept, reject and flag move to the next sample in the list.')
    .meta(scope('application')),
  'trace.cuesFile': z
    .string()
    .max(4096)
    .default('')
    .describe('A cue file (JSON, see media/cues/cues.schema.json) that replaces or extends the bundled reflection cues. Relative paths resolve against the first workspace folder. Empty: the bundled cues.')
    .meta(scope('resource')),
  'trace.server': z
    .enum(['off', 'messages', 'verbose'])
    .default('off')
    .describe('Traces the communication between VS Code and the Helix Curator language server (in the output channel).')
    .meta(scope('window')),
});
export type Settings = z.infer<typeof SettingsSchema>;
export type SettingKey = keyof Settings;

export const SETTING_KEYS = Object.keys(SettingsSchema.shape) as SettingKey[];

export const DEFAULT_SETTINGS: Settings = SettingsSchema.parse({});

export interface ParsedSettings {
  settings: Settings;
  /** One line per invalid value (which was replaced by its default), e.g. for a warning to the user. */
  problems: string[];
}

/**
 * Validate raw values (`undefined` = not set) key by key: an invalid value falls back to that key's
 * default and is reported, so one bad setting never disables the rest.
 */
export function parseSettings(read: (key: SettingKey) => unknown): ParsedSettings {
  const raw: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const key of SETTING_KEYS) {
    const value = read(key);
    const field = SettingsSchema.shape[key];
    const result = field.safeParse(value);
    if (result.success) raw[key] = result.data;
    else {
      raw[key] = DEFAULT_SETTINGS[key];
      const reason = result.error.issues[0]?.message ?? 'invalid value';
      problems.push(`${SETTINGS_SECTION}.${key}: ${reason}; using the default (${JSON.stringify(DEFAULT_SETTINGS[key])})`);
    }
  }
  return { settings: SettingsSchema.parse(raw), problems };
}

/** Bytes for `maxRowMB`. */
export function maxRowBytes(settings: Settings): number {
  return Math.round(settings.maxRowMB * 1024 * 1024);
}

interface JsonSchemaProperty {
  type?: string;
  default?: unknown;
  description?: string;
  minimum?: number;
  maximum?: number;
  enum?: unknown[];
  /** Alternatives (a union setting): kept as JSON Schema, which VS Code validates settings.json with. */
  anyOf?: unknown[];
  /** The element schema of an array setting. */
  items?: unknown;
  scope?: string;
}

/** A JSON Schema fragment without the draft/annotation keys zod adds that package.json does not need. */
function plainSchema(s: unknown): unknown {
  if (Array.isArray(s)) return s.map(plainSchema);
  if (typeof s !== 'object' || s === null) return s;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(s)) if (k !== '$schema' && k !== 'scope') out[k] = plainSchema(v);
  return out;
}

/** The `contributes.configuration` object package.json must hold, generated from `SettingsSchema`. */
export function configurationContribution(): { title: string; properties: Record<string, JsonSchemaProperty> } {
  const json = z.toJSONSchema(SettingsSchema, { io: 'input' }) as { properties?: Record<string, JsonSchemaProperty> };
  const properties: Record<string, JsonSchemaProperty> = {};
  for (const key of SETTING_KEYS) {
    const p = json.properties?.[key];
    if (!p) throw new Error(`no JSON schema for setting ${key}`);
    const out: JsonSchemaProperty = {};
    // A fixed key order, so the generated JSON is stable.
    if (p.type !== undefined) out.type = p.type;
    if (p.enum !== undefined) out.enum = p.enum;
    if (p.anyOf !== undefined) out.anyOf = plainSchema(p.anyOf) as unknown[];
    if (p.items !== undefined) out.items = plainSchema(p.items);
    if (p.default !== undefined) out.default = p.default;
    if (p.minimum !== undefined) out.minimum = p.minimum;
    if (p.maximum !== undefined) out.maximum = p.maximum;
    if (p.scope !== undefined) out.scope = p.scope;
    if (p.description !== undefined) out.description = p.description;
    properties[`${SETTINGS_SECTION}.${key}`] = out;
  }
  return { title: 'Helix Curator', properties };
}
