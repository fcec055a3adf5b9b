/**
 * Trace analysis: think/answer split, step segmentation, reflection tagging and statistics.
 * Plain TypeScript, no `vscode` import (usable in worker threads, the CLI and the extension host).
 */
export { analyseTrace, computeTraceDatasetStats, tagLine, toCodePointSteps, TagLine, StepJson, CueHitJson, type TraceAnalysis, type TraceDatasetOptions } from './analyse';
export { CueFileError, cueSetFromJson, defaultCueSet, loadCueFile, type CueSet } from './cues';
export { CueFile, REFLECTION_TAGS, Tag, TAGS, CUE_SCHEMA_VERSION } from './cueSchema';
export { codePointLength, OffsetConverter } from './offsets';
export { segmentSteps, type StepSpan } from './segment';
export { splitResponse, type Span, type TraceSplit } from './split';
export { approxTokens, TraceDatasetStats, TraceGroupStats, TraceStats, TraceStatsAccumulator, traceStats } from './stats';
export { tagSteps, type CueHit, type TaggedStep, type TagOptions } from './tagger';
export { evaluateTagger, GoldTrace, type EvalResult, type TagScore } from './evaluate';
