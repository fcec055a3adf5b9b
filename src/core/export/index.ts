/**
 * Export: the team's accepted samples as training data (LLaMA-Factory ShareGPT JSONL + dataset_info.json,
 * OpenAI chat JSONL, or Hugging Face Parquet with embedded images), after pre-export checks (check.ts),
 * streamed and written atomically (write.ts). Pure core: no `vscode`.
 */
export { assertOutputWritable, checkExport, ExportCancelled, ExportError, parseExportOptions, type ExportPlan, type ExportProgress, type ExportRuntime, type PlanItem } from './check';
export { countImageTokens, dropThinkBlock, IMAGE_TOKEN, toTrainingRow, type TrainingRow, type Turn } from './convert';
export { checkImage, contentHash8, IMAGES_DIR, ImageStage, imageFileName, sanitizeId } from './images';
export { renderReportMarkdown, renderSummary } from './report';
export {
  CHECK_CODES,
  CheckCode,
  effectivePolicy,
  EXPORT_FORMATS,
  ExportFormat,
  ExportOptions,
  ExportReport,
  Finding,
  IMAGE_MODES,
  ImageMode,
  MAX_FINDINGS_PER_CODE,
  POLICY,
  type ExportOptionsInput,
} from './schema';
export { datasetInfoEntry, huggingfaceFeatures, mergeDatasetInfo, parquetSchemaFor, ROW_GROUP_BYTES, ROW_GROUP_ROWS, type MetadataColumns } from './sinks';
export { acceptedBy, type TeamView } from './team';
export { DATASET_INFO, exportDataset, openaiContent, writeExport } from './write';
