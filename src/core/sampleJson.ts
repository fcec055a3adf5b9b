/**
 * A Sample as plain JSON (for `helix-curate show --json`, and anything else that crosses a process or
 * webview boundary): embedded image bytes become their size, or base64 when asked for.
 */
import { z } from 'zod';
import { Sample, type ImageRef } from './sample';

export const ImageJson = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('file'), path: z.string(), absPath: z.string().optional(), error: z.string().optional() }),
  z.object({
    kind: z.literal('bytes'),
    mime: z.string(),
    byteLength: z.number().int(),
    path: z.string().optional(),
    base64: z.string().optional(),
    error: z.string().optional(),
  }),
  z.object({ kind: z.literal('dataUri'), mime: z.string(), uri: z.string(), error: z.string().optional() }),
]);
export type ImageJson = z.infer<typeof ImageJson>;

export const SampleJson = Sample.omit({ images: true, extra: true }).extend({
  images: z.array(ImageJson),
  extra: z.record(z.string(), z.unknown()),
});
export type SampleJson = z.infer<typeof SampleJson>;

export function imageToJson(ref: ImageRef, includeBytes: boolean): ImageJson {
  if (ref.kind !== 'bytes') return ref;
  const out: ImageJson = { kind: 'bytes', mime: ref.mime, byteLength: ref.bytes.length };
  if (ref.path !== undefined) out.path = ref.path;
  if (ref.error !== undefined) out.error = ref.error;
  if (includeBytes) out.base64 = Buffer.from(ref.bytes).toString('base64');
  return out;
}

/** JSON-safe copy of an arbitrary value: bytes become `{ $bytes: n }`, bigints strings. */
export function jsonSafe(v: unknown): unknown {
  if (v instanceof Uint8Array) return { $bytes: v.length };
  if (typeof v === 'bigint') return v.toString();
  if (Array.isArray(v)) return v.map(jsonSafe);
  if (v instanceof Date) return v.toISOString();
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = jsonSafe(x);
    return out;
  }
  return v;
}

export function sampleToJson(sample: Sample, options: { includeBytes?: boolean } = {}): SampleJson {
  return SampleJson.parse({
    ...sample,
    initialState: jsonSafe(sample.initialState),
    metricInfo: sample.metricInfo === null ? null : jsonSafe(sample.metricInfo),
    storedVerdict: sample.storedVerdict === null ? null : { ...sample.storedVerdict, value: jsonSafe(sample.storedVerdict.value) },
    images: sample.images.map((i) => imageToJson(i, options.includeBytes ?? false)),
    extra: jsonSafe(sample.extra),
  });
}
