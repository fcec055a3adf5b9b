/**
 * Parquet files in the layout Hugging Face `datasets` writes (pyarrow's 3-level lists, `images` as
 * list<struct<bytes: binary, path: string>>, the `huggingface` key-value metadata), written with hyparquet-writer.
 */
import * as fs from 'node:fs';
import { parquetWriteBuffer } from 'hyparquet-writer';

export interface HfRow {
  id: string;
  category: string;
  difficulty: bigint;
  question: string;
  answer: string;
  messages: Array<{ role: string; content: string }> | null;
  images: Array<{ bytes: Uint8Array | null; path: string | null }> | null;
  seed: bigint;
}

/**
 * hyparquet-writer 0.17 pins hyparquet 1.31.5 (its own copy), whose SchemaElement type is older than the
 * reader's hyparquet 1.33: use the writer's own schema type.
 */
export type SchemaElement = NonNullable<Parameters<typeof parquetWriteBuffer>[0]['schema']>[number];

export const str = (name: string): SchemaElement => ({ name, type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' });

/** The schema pyarrow writes for a `datasets` export with these features. */
export const HF_SCHEMA: SchemaElement[] = [
  { name: 'schema', num_children: 8 },
  str('id'),
  str('category'),
  { name: 'difficulty', type: 'INT64', repetition_type: 'OPTIONAL' },
  str('question'),
  str('answer'),
  { name: 'messages', repetition_type: 'OPTIONAL', converted_type: 'LIST', num_children: 1 },
  { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
  { name: 'element', repetition_type: 'OPTIONAL', num_children: 2 },
  str('role'),
  str('content'),
  { name: 'images', repetition_type: 'OPTIONAL', converted_type: 'LIST', num_children: 1 },
  { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
  { name: 'element', repetition_type: 'OPTIONAL', num_children: 2 },
  { name: 'bytes', type: 'BYTE_ARRAY', repetition_type: 'OPTIONAL' }, // binary: no UTF8 annotation
  str('path'),
  { name: 'seed', type: 'INT64', repetition_type: 'OPTIONAL' },
];

const value = (dtype: string) => ({ dtype, _type: 'Value' });
export const HF_METADATA = JSON.stringify({
  info: {
    features: {
      id: value('string'),
      category: value('string'),
      difficulty: value('int64'),
      question: value('string'),
      answer: value('string'),
      messages: { feature: { role: value('string'), content: value('string') }, _type: 'List' },
      images: { feature: { _type: 'Image' }, _type: 'List' },
      seed: value('int64'),
    },
  },
});

export type WriteOptions = Omit<Parameters<typeof parquetWriteBuffer>[0], 'columnData' | 'schema' | 'kvMetadata'>;

/** Write rows with the HF schema and footer metadata to `file`. */
export function writeHfParquet(file: string, rows: HfRow[], options: WriteOptions = {}): string {
  const cols: Array<keyof HfRow> = ['id', 'category', 'difficulty', 'question', 'answer', 'messages', 'images', 'seed'];
  const buf = parquetWriteBuffer({
    columnData: cols.map((c) => ({ name: c, data: rows.map((r) => r[c]) })),
    schema: HF_SCHEMA,
    kvMetadata: [{ key: 'huggingface', value: HF_METADATA }],
    ...options,
  });
  fs.writeFileSync(file, new Uint8Array(buf));
  return file;
}
