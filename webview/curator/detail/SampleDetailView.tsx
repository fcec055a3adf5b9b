/**
 * The detail panes of one sample: the header (identity, decision, problems), the trace pane (question,
 * thinking as tagged step blocks, final answer), the image pane and the verifier panel. Wide: images and
 * verifier in a column beside the trace, each scrolling on its own; narrow: everything stacked (a
 * container query on `.helix-detail`, detail.css).
 *
 * All sample text is data: it is rendered as text nodes only (no HTML from the row, ever).
 */
import './detail.css';
import type { JSX } from 'react';
import type { DecisionEntry, SampleDetail } from '../../../src/protocol/curator';
import type { Tag } from '../../../src/core/trace/cueSchema';
import { DetailHeader } from './DetailHeader';
import { ImagePane } from './ImagePane';
import { sampleKey, TracePane } from './TracePane';
import { VerdictPanel } from './VerdictPanel';

export { reflectionSteps } from './model';

export interface SampleDetailViewProps {
  detail: SampleDetail;
  decision: DecisionEntry | null;
  /** The step the reflection keys moved to (`data-step` index): shown focused and scrolled into view. */
  focusedStep: number | null;
  onFocusStep: (step: number | null) => void;
  onToggleTag: (step: number, tag: Tag) => void;
  onOpenLine: (line: number) => void;
}

export function SampleDetailView({ detail, decision, focusedStep, onFocusStep, onToggleTag, onOpenLine }: SampleDetailViewProps): JSX.Element {
  const key = sampleKey(detail);
  return (
    <div className="helix-detail" data-testid="sample-detail" data-ordinal={detail.ordinal}>
      <DetailHeader detail={detail} decision={decision} onOpenLine={onOpenLine} />
      <div className="detail-body">
        <div className="detail-side">
          <ImagePane key={key} images={detail.images} />
          <VerdictPanel detail={detail} />
        </div>
        <TracePane key={key} detail={detail} focusedStep={focusedStep} onFocusStep={onFocusStep} onToggleTag={onToggleTag} />
      </div>
    </div>
  );
}
