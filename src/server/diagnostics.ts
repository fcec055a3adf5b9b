/**
 * JSONL document -> diagnostics: the options a document is checked with (from its URI and settings) and a
 * one-shot `diagnoseJsonl` over lineCheck.ts / documentCheck.ts. Pure (no connection, no documents): the
 * language server calls the incremental pass with a per-document cache; tests and the benchmark call this.
 *
 * Each diagnostic covers part of one line: the JSON error's column, a field's key, an image's path, the
 * extracted answer; its severity comes from `helixCurator.diagnostics.severity.<check>`. At `maxProblems`
 * the pass stops and one information diagnostic says so.
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver';
import { maxRowBytes, type Settings } from '../extension/settings';
import { LineCache, runPass, type PassOptions, type Severities } from './documentCheck';
import { CHECKS } from './lineCheck';

export { CODES, jsonErrorColumn, checkLine, CHECKS, type CheckKind, type LineProblem, type LineResult } from './lineCheck';
export { DIAGNOSTIC_SOURCE, LineCache, runPass, runPassSliced, type PassOptions, type PassResult, type Severities } from './documentCheck';

/** The options of a JSONL document's diagnostics pass. */
export type JsonlDiagnosticsOptions = PassOptions;

const VERDICT_CHECKS = ['answerFails', 'lenientPass', 'mismatch'] as const;

export function severitiesOf(settings: Settings): Severities {
  return Object.fromEntries(CHECKS.map((c) => [c, settings[`diagnostics.severity.${c}`]])) as Severities;
}

/**
 * The options for a document: `file:` documents check images against their folder; other schemes
 * (untitled) have no folder, so image files are not checked. The verifier runs only when one of the
 * verdict checks is on.
 */
export function diagnosticsOptions(uri: string, settings: Settings): JsonlDiagnosticsOptions {
  const severities = severitiesOf(settings);
  const common = {
    maxProblems: settings['diagnostics.maxProblems'],
    maxRowBytes: maxRowBytes(settings),
    severities,
    verify: VERDICT_CHECKS.some((c) => severities[c] !== 'off'),
  };
  if (uri.startsWith('file:')) {
    const file = fileURLToPath(uri);
    return { file, datasetDir: path.dirname(file), checkImages: settings.checkImages, ...common };
  }
  return { file: uri, datasetDir: process.cwd(), checkImages: false, ...common };
}

/** Every diagnostic of a JSONL text, checked from scratch. */
export function diagnoseJsonl(text: string, options: JsonlDiagnosticsOptions): Diagnostic[] {
  return runPass(text, options, new LineCache()).items;
}
