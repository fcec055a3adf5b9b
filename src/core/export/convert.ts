/**
 * Sample -> training conversation: the turns a trainer sees and the images in token order.
 *
 * Where the turns come from:
 * - chat rows (ShareGPT / LLaMA-Factory / OpenAI): the messages up to and including the response's
 *   assistant turn (later turns are not part of what was judged);
 * - chat rows whose response is a separate column: the messages without trailing assistant turns, then the
 *   response;
 * - benchmark / evaluation rows: the question as the user turn, the response as the assistant turn.
 * Roles must be an optional leading system turn, then user/assistant alternating, ending with the assistant
 * (what LLaMA-Factory's ShareGPT converter and OpenAI's chat format accept); anything else is `bad-turns`.
 *
 * `<image>` tokens: the messages must hold exactly one per image. None at all (benchmark questions, rows
 * whose images are only in `images`) is repaired by putting them at the start of the first user turn;
 * a different non-zero count cannot be repaired (which image goes where?) and is `image-token-mismatch`.
 */
import type { ImageRef, Sample } from '../sample';
import { splitResponse } from '../trace/split';
import type { CheckCode } from './schema';

export const IMAGE_TOKEN = '<image>';

export interface Turn {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface TrainingRow {
  messages: Turn[];
  images: ImageRef[];
  /** The final assistant turn's content (after --drop-think). */
  response: string;
}

export interface ConvertIssue {
  code: CheckCode;
  message: string;
}

export type ConvertResult = { ok: true; row: TrainingRow; notes: ConvertIssue[] } | { ok: false; issue: ConvertIssue };

export function countImageTokens(text: string): number {
  let n = 0;
  for (let i = text.indexOf(IMAGE_TOKEN); i >= 0; i = text.indexOf(IMAGE_TOKEN, i + IMAGE_TOKEN.length)) n++;
  return n;
}

/**
 * The response without its thinking: what follows the last closing `</think>`, leading whitespace removed.
 * A response with no think tag at all is returned unchanged; an unclosed block is null (nothing would be left).
 */
export function dropThinkBlock(response: string): string | null {
  const split = splitResponse(response);
  if (split.mode === 'untagged') return response;
  if (split.mode === 'unclosed') return null;
  return response.slice(split.answer.start).replace(/^\s+/, '');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The sample as a training conversation, or the reason it cannot be one. */
export function toTrainingRow(sample: Sample, options: { dropThink: boolean }): ConvertResult {
  const fail = (code: CheckCode, message: string): ConvertResult => ({ ok: false, issue: { code, message } });
  if (sample.response === null) return fail('no-response', 'the sample has no response to train on');

  let turns: Turn[];
  const respIndex = /^messages\[(\d+)\]$/.exec(sample.responseField ?? '');
  if (sample.messages && sample.messages.length > 0) {
    let source = sample.messages;
    if (respIndex) source = source.slice(0, Number(respIndex[1]));
    else while (source.length > 0 && source[source.length - 1]!.role === 'assistant') source = source.slice(0, -1);
    turns = [];
    for (let i = 0; i < source.length; i++) {
      const m = source[i]!;
      if (m.role !== 'system' && m.role !== 'user' && m.role !== 'assistant') {
        return fail('bad-turns', `message ${i + 1} has role "${m.rawRole ?? m.role}"; only system, user and assistant turns can be exported`);
      }
      turns.push({ role: m.role, content: m.content });
    }
  } else {
    if (sample.question === null) return fail('no-response', 'the sample has no question (user turn) to export');
    turns = [{ role: 'user', content: sample.question }];
  }

  let response = sample.response;
  if (options.dropThink) {
    const dropped = dropThinkBlock(response);
    if (dropped === null) return fail('think-unclosed', 'the <think> block never closes, so --drop-think would leave no answer');
    response = dropped;
  }
  turns.push({ role: 'assistant', content: response });

  // system? (user assistant)+
  let k = turns[0]?.role === 'system' ? 1 : 0;
  if (k === turns.length - 1) return fail('bad-turns', 'no user turn before the response');
  for (let expect: Turn['role'] = 'user'; k < turns.length; k++, expect = expect === 'user' ? 'assistant' : 'user') {
    if (turns[k]!.role !== expect) {
      return fail('bad-turns', `turn ${k + 1} is ${turns[k]!.role} where ${expect} was expected (turns must alternate user/assistant after an optional system turn)`);
    }
  }

  const notes: ConvertIssue[] = [];
  const images = sample.images;
  const tokens = turns.reduce((n, t) => n + countImageTokens(t.content), 0);
  if (tokens !== images.length) {
    if (tokens !== 0) {
      return fail('image-token-mismatch', `${plural(tokens, '<image> token')} in the messages but ${plural(images.length, 'image')}`);
    }
    const firstUser = turns.findIndex((t) => t.role === 'user');
    turns[firstUser] = { role: 'user', content: IMAGE_TOKEN.repeat(images.length) + turns[firstUser]!.content };
    notes.push({ code: 'image-tokens-inserted', message: `${plural(images.length, '<image> token')} put at the start of the user turn` });
  }
  return { ok: true, row: { messages: turns, images, response }, notes };
}
