import type { Segment } from './model';
import { cueTitle } from './model';
import { TAG_INFO } from './tags';

/**
 * Text of the response as plain text nodes, with a <mark> per segment a cue fired on (coloured by the
 * strongest cue's tag, the cues explained in its title) and per segment of the extracted answer. The
 * first extracted piece carries `data-testid="extracted-span"`. Never HTML: every piece is a text child.
 */
export function MarkedText({ response, segments }: { response: string; segments: readonly Segment[] }) {
  const firstExtracted = segments.findIndex((s) => s.extracted);
  return (
    <>
      {segments.map((s, i) => {
        const text = response.slice(s.start, s.end);
        if (s.cues.length === 0 && !s.extracted) return text;
        const top = s.cues[0];
        const className = [top ? `cue ${TAG_INFO[top.tag].className}` : '', s.cues.length > 1 ? 'cue-multi' : '', s.extracted ? 'extracted' : ''].filter(Boolean).join(' ');
        const title = [s.cues.length > 0 ? cueTitle(s.cues) : '', s.extracted ? 'The extracted answer (what the verifier judged)' : ''].filter(Boolean).join('\n');
        return (
          <mark key={s.start} className={className} title={title} data-cues={s.cues.map((c) => c.cue).join(' ') || undefined} data-testid={i === firstExtracted ? 'extracted-span' : undefined}>
            {text}
          </mark>
        );
      })}
    </>
  );
}
