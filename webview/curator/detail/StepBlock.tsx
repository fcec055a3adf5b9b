import { memo, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import type { DetailStep } from '../../../src/protocol/curator';
import type { Tag } from '../../../src/core/trace/cueSchema';
import { markSegments } from './model';
import { MarkedText } from './MarkedText';
import { ALL_TAGS, chipTitle, stepChips, TAG_INFO } from './tags';

export interface StepBlockProps {
  response: string;
  /** Identifies the response's content (the sample's content hash): compared instead of the (long) response. */
  textKey: string;
  step: DetailStep;
  /** The extracted answer's span when it falls inside this step (else null, so the block stays memoised). */
  extracted: readonly [number, number] | null;
  focused: boolean;
  /** Stable callbacks (the trace pane passes the same functions on every render). */
  onToggleTag: (step: number, tag: Tag) => void;
  onFocusStep: (step: number) => void;
}

/**
 * One step of the thinking: a margin with the step number and an icon + letter per tag (coloured by the
 * tag), the chips (automatic or curator edits; a click toggles the tag), a "+" menu for the other tags,
 * and the step's text as plain text nodes split by <mark>s where cues fired. Memoised: a step re-renders
 * only when its own data, its focus or its extracted span change.
 */
export const StepBlock = memo(function StepBlock({ response, step, extracted, focused, onToggleTag, onFocusStep }: StepBlockProps) {
  const segments = useMemo(() => markSegments(step.start, step.end, step.cues, extracted), [step, extracted]);
  // The "+" of a step without chips exists only while the step is hovered or focused: a plain step is
  // three elements, which keeps a 1,500-step trace fast to mount.
  const [hover, setHover] = useState(false);
  const chips = stepChips(step.tags, step.autoTags);
  const first = step.tags[0];
  const className = `step${first ? ` tagged ${TAG_INFO[first].className}` : ''}${chips.length > 0 ? ' has-chips' : ''}${focused ? ' focused' : ''}`;

  const onClick = (e: MouseEvent) => {
    // A click on the text focuses the step, unless it is on a control or ends a text selection.
    if ((e.target as Element).closest('button, [role="menu"]')) return;
    if (window.getSelection()?.isCollapsed === false) return;
    onFocusStep(step.index);
  };

  return (
    <div
      className={className}
      data-testid="step"
      data-step={step.index}
      data-tags={step.tags.join(' ')}
      data-n={step.index + 1}
      aria-current={focused ? 'step' : undefined}
      onClick={onClick}
      onMouseEnter={() => setHover(true)}
      onMouseLeave={(e) => {
        if (!e.currentTarget.contains(document.activeElement)) setHover(false);
      }}
      onBlur={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget)) setHover(false);
      }}
    >
      {/* The step number is drawn from data-n (::before) in a plain step; a tagged one has its markers too. */}
      {step.tags.length > 0 && (
        <div className="step-gutter">
          {step.index + 1}
          {step.tags.map((t) => (
            // The tag's icon (::before, codicon font) and its letter (::after): no colour-only marking.
            <span key={t} className={`step-marker codicon codicon-${TAG_INFO[t].icon} ${TAG_INFO[t].className}`} data-letter={TAG_INFO[t].letter} aria-hidden="true" />
          ))}
        </div>
      )}
      {(chips.length > 0 || focused || hover) && (
        <div className="step-chips">
          {chips.map((c) => (
            <button
              key={c.tag}
              type="button"
              className={`chip chip-${c.state} ${TAG_INFO[c.tag].className}`}
              data-tag={c.tag}
              data-state={c.state}
              aria-pressed={c.state !== 'removed'}
              title={chipTitle(c)}
              onClick={() => onToggleTag(step.index, c.tag)}
            >
              <span className={`codicon codicon-${c.state === 'auto' ? TAG_INFO[c.tag].icon : c.state === 'added' ? 'person' : 'close'}`} aria-hidden="true" />
              <span className="chip-label">{TAG_INFO[c.tag].short}</span>
              {c.state !== 'auto' && <span className="chip-origin">{c.state === 'added' ? 'added' : 'removed'}</span>}
            </button>
          ))}
          <AddTagMenu step={step.index} present={chips.map((c) => c.tag)} onToggleTag={onToggleTag} />
        </div>
      )}
      {chips.length > 0 || focused || hover || segments.length !== 1 || segments[0]!.cues.length > 0 || segments[0]!.extracted ? (
        <div className="step-text">
          <MarkedText response={response} segments={segments} />
        </div>
      ) : (
        // A plain step's text is the block's own child: one element fewer per step.
        response.slice(step.start, step.end)
      )}
    </div>
  );
}, sameStepProps);

function sameTags(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((t, i) => t === b[i]);
}

/**
 * A new snapshot of the same sample (after a tag edit) brings new but mostly equal step objects: only the
 * steps that changed re-render. The response is compared by its content key, never character by character.
 */
function sameStepProps(a: StepBlockProps, b: StepBlockProps): boolean {
  if (a.textKey !== b.textKey || a.focused !== b.focused || a.onToggleTag !== b.onToggleTag || a.onFocusStep !== b.onFocusStep) return false;
  if (a.extracted !== b.extracted && (a.extracted?.[0] !== b.extracted?.[0] || a.extracted?.[1] !== b.extracted?.[1])) return false;
  const s = a.step;
  const t = b.step;
  if (s === t) return true;
  return (
    s.index === t.index &&
    s.start === t.start &&
    s.end === t.end &&
    sameTags(s.tags, t.tags) &&
    sameTags(s.autoTags, t.autoTags) &&
    s.cues.length === t.cues.length &&
    s.cues.every((c, i) => {
      const d = t.cues[i]!;
      return c.start === d.start && c.end === d.end && c.cue === d.cue && c.tag === d.tag && c.weight === d.weight && c.explanation === d.explanation;
    })
  );
}

/**
 * "+" with a menu of the tags the step does not show yet; choosing one toggles it on (onToggleTag).
 * Closed, it is a single button (it is rendered on every tagged step).
 */
function AddTagMenu({ step, present, onToggleTag }: { step: number; present: readonly Tag[]; onToggleTag: (step: number, tag: Tag) => void }) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLSpanElement>(null);
  const missing = ALL_TAGS.filter((t) => !present.includes(t));
  if (missing.length === 0) return null;
  const label = `Add a tag to step ${step + 1}`;
  if (!open) {
    return <button type="button" className="add-tag codicon codicon-add" aria-haspopup="menu" aria-expanded="false" aria-label={label} title={label} onClick={() => setOpen(true)} />;
  }
  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) {
      // The closed "+" is a new button: focus it once it is there.
      requestAnimationFrame(() => document.querySelector<HTMLButtonElement>(`[data-step="${step}"] .add-tag`)?.focus());
    }
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      close(true);
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp' || e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
      e.preventDefault();
      e.stopPropagation();
      const items = [...(root.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]') ?? [])];
      const at = items.indexOf(document.activeElement as HTMLButtonElement);
      const fwd = e.key === 'ArrowDown' || e.key === 'ArrowRight';
      items[(at + (fwd ? 1 : items.length - 1)) % items.length]?.focus();
    }
  };
  return (
    <span
      className="add-tag-wrap open"
      ref={root}
      onKeyDown={onKeyDown}
      onBlur={(e) => {
        if (!root.current?.contains(e.relatedTarget)) setOpen(false);
      }}
    >
      <button type="button" className="add-tag codicon codicon-add" aria-haspopup="menu" aria-expanded="true" aria-label={label} title={label} onClick={() => close(true)} />
      <span className="tag-menu" role="menu" aria-label={label}>
        {missing.map((t, i) => (
          <button
            key={t}
            type="button"
            role="menuitem"
            className={`tag-menu-item ${TAG_INFO[t].className}`}
            data-tag={t}
            autoFocus={i === 0}
            onClick={() => {
              close(true);
              onToggleTag(step, t);
            }}
          >
            <span className={`codicon codicon-${TAG_INFO[t].icon}`} aria-hidden="true" />
            {TAG_INFO[t].name}
            <kbd className="key-hint">{TAG_INFO[t].key}</kbd>
          </button>
        ))}
      </span>
    </span>
  );
}
