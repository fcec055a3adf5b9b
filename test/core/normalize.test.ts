/** The normaliser over every row shape, stored verdicts, image references and metric_info decoding. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { identify, normalizeRow, type RowContext } from '../../src/core/normalize';
import { RowError } from '../../src/core/readers/types';
import { makePng } from '../helpers/png';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helix-norm-'));
fs.mkdirSync(path.join(dir, 'img'));
fs.writeFileSync(path.join(dir, 'img/a.png'), makePng(2, 2, [1, 2, 3]));
const ctx: RowContext = { file: path.join(dir, 'd.jsonl'), format: 'jsonl', datasetDir: dir, ordinal: 4, line: 5 };
const PNG = makePng(2, 2, [9, 9, 9]);

describe('identify', () => {
  it('takes the first present id / task / difficulty key and falls back to #N', () => {
    expect(identify({ id: 'x', category: 'maze', difficulty: 3 }, 0)).toMatchObject({ id: 'x', task: 'maze', difficulty: '3' });
    expect(identify({ index: 12, task: 'sudoku', level: '2' }, 0)).toMatchObject({ id: '12', task: 'sudoku', difficulty: '2' });
    expect(identify({ instance_id: 'i', index: 3 }, 0).id).toBe('i');
    expect(identify({ id: '' }, 6).id).toBe('#7');
    expect(identify({ id: { nested: 1 } }, 0).id).toBe('#1');
  });
});

describe('normalizeRow', () => {
  it('an MM-HELIX evaluation row: prediction is the response, metric_info as a Python dict string', () => {
    const s = normalizeRow(
      { index: 7, category: 'maze', difficulty: 2, question: 'q', question_text: 'qt', answer: 'up', initial_state: '+-+', metric_info: "{'score_function': 'maze_evaluator'}", image_path: "['img/a.png']", prediction: 'Answer: up', is_correct: 'True', model: 'm' },
      ctx,
    );
    expect(s).toMatchObject({ id: '7', task: 'maze', difficulty: '2', kind: 'evaluation', question: 'q', questionText: 'qt', groundTruth: 'up', initialState: '+-+', scoreFunction: 'maze_evaluator', response: 'Answer: up', responseField: 'prediction' });
    expect(s.storedVerdict).toEqual({ field: 'is_correct', value: 'True', pass: true });
    expect(s.images).toEqual([{ kind: 'file', path: 'img/a.png', absPath: path.join(dir, 'img/a.png') }]);
    expect(s.extra).toEqual({ model: 'm' });
    expect(s.source).toEqual({ file: ctx.file, format: 'jsonl', ordinal: 4, line: 5 });
  });

  it('ShareGPT conversations (from/value) with roles normalised and raw roles kept', () => {
    const s = normalizeRow({ conversations: [{ from: 'system', value: 's' }, { from: 'human', value: '<image>q' }, { from: 'gpt', value: 'first' }, { from: 'human', value: 'more?' }, { from: 'gpt', value: 'last' }], images: ['img/a.png'] }, ctx);
    expect(s.kind).toBe('sharegpt');
    expect(s.messages!.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user', 'assistant']);
    expect(s.messages![1]!.rawRole).toBe('human');
    expect(s.response).toBe('last');
    expect(s.responseField).toBe('messages[4]');
    expect(s.question).toBe('<image>q');
    expect(s.id).toBe('#5');
    expect(s.problems).toEqual([]);
  });

  it('OpenAI content parts: text joined, image parts become <image> tokens and images', () => {
    const uri = `data:image/png;base64,${PNG.toString('base64')}`;
    const s = normalizeRow({ id: 'o', messages: [{ role: 'user', content: [{ type: 'text', text: 'Look: ' }, { type: 'image_url', image_url: { url: uri } }, { type: 'image_url', image_url: 'img/a.png' }] }, { role: 'assistant', content: [{ type: 'text', text: 'ok' }] }] }, ctx);
    expect(s.kind).toBe('openai');
    expect(s.question).toBe('Look: <image><image>');
    expect(s.response).toBe('ok');
    expect(s.images.map((i) => i.kind)).toEqual(['dataUri', 'file']);
    expect(s.problems).toEqual([]);
  });

  it('image/token count mismatches are a warning, not an error', () => {
    const s = normalizeRow({ messages: [{ role: 'user', content: '<image><image>q' }, { role: 'assistant', content: 'a' }], images: ['img/a.png'] }, ctx);
    expect(s.problems).toEqual([{ severity: 'warning', field: 'images', message: '2 <image> tokens in the messages but 1 image' }]);
  });

  it('images as base64 (VLMEvalKit), {bytes, path} structs, bare bytes and bad data URIs', () => {
    const b64 = PNG.toString('base64');
    expect(normalizeRow({ image: b64 }, ctx).images[0]).toMatchObject({ kind: 'bytes', mime: 'image/png' });
    expect(normalizeRow({ images: [{ bytes: new Uint8Array(PNG), path: 'x.png' }] }, ctx).images[0]).toMatchObject({ kind: 'bytes', mime: 'image/png', path: 'x.png' });
    expect(normalizeRow({ images: [{ bytes: null, path: 'img/a.png' }] }, ctx).images[0]).toMatchObject({ kind: 'file', path: 'img/a.png' });
    expect(normalizeRow({ image: new Uint8Array(PNG) }, ctx).images[0]).toMatchObject({ kind: 'bytes', mime: 'image/png' });
    const bad = normalizeRow({ images: ['data:text/plain,hello', { bytes: new Uint8Array([1, 2, 3]) }] }, ctx);
    expect(bad.problems.map((p) => p.message)).toEqual(['data URI is not an image', 'embedded bytes are not a known image format (3 bytes)']);
  });

  it('stored verdicts of every common form', () => {
    const v = (row: Record<string, unknown>) => normalizeRow(row, ctx).storedVerdict;
    expect(v({ correct: true })).toEqual({ field: 'correct', value: true, pass: true });
    expect(v({ score: 0 })).toEqual({ field: 'score', value: 0, pass: false });
    expect(v({ reward: 0.5 })).toEqual({ field: 'reward', value: 0.5, pass: true });
    expect(v({ verified: 'no' })).toEqual({ field: 'verified', value: 'no', pass: false });
    expect(v({ hit: '1' })).toEqual({ field: 'hit', value: '1', pass: true });
    expect(v({ verdict: 'maybe' })).toEqual({ field: 'verdict', value: 'maybe', pass: null });
    expect(v({ other: 1 })).toBeNull();
  });

  it('a benchmark row, an unknown row, a null prediction, non-string answers', () => {
    expect(normalizeRow({ id: 'b', category: 'sudoku', question: 'q', answer: '1 2' }, ctx).kind).toBe('benchmark');
    expect(normalizeRow({ foo: 1 }, ctx).kind).toBe('unknown');
    const nullPred = normalizeRow({ id: 'n', prediction: null }, ctx);
    expect(nullPred).toMatchObject({ kind: 'evaluation', response: null });
    expect(normalizeRow({ answer: 24 }, ctx).groundTruth).toBe('24');
    expect(normalizeRow({ answer: [1, 2] }, ctx).groundTruth).toBe('[1,2]');
  });

  it('messages stored as JSON text (TSV/CSV columns) are decoded', () => {
    const s = normalizeRow({ messages: JSON.stringify([{ role: 'user', content: 'q' }, { role: 'assistant', content: 'a' }]) }, ctx);
    expect(s.response).toBe('a');
  });

  it('not an object, or a wrong type: a RowError naming file, line and field', () => {
    expect(() => normalizeRow([1], ctx)).toThrow(new RowError(ctx.file, { line: 5 }, 'expected a JSON object for a sample, got array'));
    expect(() => normalizeRow({ metric_info: 5 }, ctx)).toThrow(`${ctx.file}:5: field \`metric_info\` has the wrong type: expected string or record or null, got number`);
    expect(() => normalizeRow({ question: 1 }, { ...ctx, line: undefined as unknown as number })).toThrow(/ row 5: field `question`/);
  });
});
