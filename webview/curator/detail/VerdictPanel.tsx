import { useMemo } from 'react';
import type { SampleDetail, VerdictView } from '../../../src/protocol/curator';
import { EXTRACTION_RULES, RULE_LABELS, type ExtractionRule } from '../../../src/core/verify/extract';
import { BoardSlot } from './BoardSlot';
import { answerCompareMode, answerDiff, prettyAnswer, type DiffPart } from './model';

type Status = VerdictView['reference']['status'];

const STATUS_LOOK: Record<Status, { icon: string; word: string }> = {
  pass: { icon: 'pass', word: 'pass' },
  fail: { icon: 'error', word: 'fail' },
  error: { icon: 'bracket-error', word: 'error' },
  unsupported: { icon: 'circle-slash', word: 'unsupported' },
};

function ruleLabel(rule: string): string {
  return (EXTRACTION_RULES as readonly string[]).includes(rule) ? RULE_LABELS[rule as ExtractionRule] : rule;
}

const passWord = (p: boolean) => (p ? 'PASS' : 'FAIL');

/**
 * The verifier: the mismatch banner (stored vs re-run) first and loud, the reference and strict verdicts
 * with their reasons, the lenient-pass explanation, the extracted answer against the ground truth, then
 * the board (grid and path tasks) or the answer as structured data, and the puzzle data.
 */
export function VerdictPanel({ detail }: { detail: SampleDetail }) {
  const v = detail.verdict;
  return (
    <section className="verdict-panel" data-testid="verdict-panel" aria-label="Verifier">
      <h3 className="panel-title">
        <span className="codicon codicon-beaker" aria-hidden="true" /> Verifier
        {v?.scoreFunction && <code className="score-function">{v.scoreFunction}</code>}
      </h3>
      {v?.mismatch && (
        <div className="banner banner-error mismatch-banner" data-testid="mismatch-banner" role="alert">
          <span className="codicon codicon-alert" aria-hidden="true" />
          <span>
            <strong>Verdict mismatch:</strong> the stored verdict{v.stored ? ` (${v.stored.field} = ${v.stored.value})` : ''} says <strong>{passWord(v.mismatch.stored)}</strong>, the re-run says{' '}
            <strong>{passWord(v.mismatch.rerun)}</strong>. Check before trusting either.
          </span>
        </div>
      )}
      {v ? (
        <>
          <dl className="verdicts">
            <VerdictRow label="Reference" title="The MM-HELIX reference evaluation, re-run" mode={v.reference} testId="verdict-reference" />
            <VerdictRow
              label="Strict"
              title="The strict rules: what a clean SFT answer must satisfy"
              mode={v.strict.status === v.reference.status && v.strict.reason !== null && v.strict.reason === v.reference.reason ? { status: v.strict.status, reason: 'the same reason' } : v.strict}
              testId="verdict-strict"
            />
            {v.stored && (
              <>
                <dt>Stored</dt>
                <dd data-testid="verdict-stored">
                  <code>{v.stored.field}</code> = <code>{v.stored.value}</code> {v.stored.pass === null ? '(not readable as pass or fail)' : `(${v.stored.pass ? 'pass' : 'fail'})`}
                </dd>
              </>
            )}
          </dl>
          {v.lenient && (
            <div className="banner banner-warning lenient" data-testid="lenient">
              <span className="codicon codicon-warning" aria-hidden="true" />
              <span>
                <strong>Lenient pass.</strong> The reference evaluation accepts this answer but the strict rules do not, so it passes only because the reference is forgiving: {stripLenientPrefix(v.lenient)}
              </span>
            </div>
          )}
          <AnswerCompare extracted={v.extracted} truth={detail.groundTruth} rule={v.rule} />
        </>
      ) : (
        <>
          <p className="note" data-testid="verdict-note">
            <span className="codicon codicon-info" aria-hidden="true" /> {detail.verdictNote ?? 'No verdict for this sample.'}
          </p>
          {detail.groundTruth !== null && (
            <div className="answer-block">
              <div className="answer-caption">Ground truth</div>
              <pre className="answer-value">{detail.groundTruth}</pre>
            </div>
          )}
        </>
      )}
      {detail.board ? (
        <div className="board-slot" data-testid="board-slot">
          <BoardSlot board={detail.board} />
        </div>
      ) : (
        v && <StructuredAnswer extracted={v.extracted} />
      )}
      {detail.initialState !== null && (
        <details className="puzzle-data" data-testid="puzzle-data">
          <summary>Puzzle data</summary>
          <pre>{detail.initialState}</pre>
        </details>
      )}
    </section>
  );
}

/** verdict.lenient reads "lenient pass: the reference accepts this answer, but …": keep what follows "but". */
function stripLenientPrefix(s: string): string {
  const m = /^lenient pass: the reference accepts this answer, but\s+/i.exec(s);
  return m ? s.slice(m[0].length) : s;
}

function VerdictRow({ label, title, mode, testId }: { label: string; title: string; mode: VerdictView['reference']; testId: string }) {
  const look = STATUS_LOOK[mode.status];
  return (
    <>
      <dt title={title}>{label}</dt>
      <dd data-testid={testId} data-status={mode.status}>
        <span className={`status status-${mode.status}`}>
          <span className={`codicon codicon-${look.icon}`} aria-hidden="true" />
          {look.word}
        </span>
        {mode.reason && <span className="reason">{mode.reason}</span>}
      </dd>
    </>
  );
}

/** The extracted answer against the ground truth: side by side when short, as a word or line diff when long. */
export function AnswerCompare({ extracted, truth, rule }: { extracted: string; truth: string | null; rule: string }) {
  const mode = truth === null ? null : answerCompareMode(extracted, truth);
  const parts = useMemo(() => (truth !== null && (mode === 'words' || mode === 'lines') ? answerDiff(extracted, truth, mode) : null), [extracted, truth, mode]);
  const ruleNote = (
    <p className="rule-note" data-testid="extraction-rule">
      Extracted by rule <code>{rule}</code>: {ruleLabel(rule)}
    </p>
  );
  if (truth === null || mode === null) {
    return (
      <div className="answer-compare" data-testid="answer-compare" data-mode="no-truth">
        <AnswerValue caption="Extracted answer" text={extracted} />
        <p className="note">The row has no ground truth.</p>
        {ruleNote}
      </div>
    );
  }
  if (mode === 'equal') {
    return (
      <div className="answer-compare" data-testid="answer-compare" data-mode="equal">
        <AnswerValue caption="Extracted answer = ground truth" text={extracted} />
        {ruleNote}
      </div>
    );
  }
  if (mode === 'side-by-side' || parts === null) {
    return (
      <div className="answer-compare" data-testid="answer-compare" data-mode="side-by-side">
        <div className="side-by-side">
          <AnswerValue caption="Extracted answer" text={extracted} />
          <AnswerValue caption="Ground truth" text={truth} />
        </div>
        {ruleNote}
      </div>
    );
  }
  return (
    <div className="answer-compare" data-testid="answer-compare" data-mode={mode}>
      <div className="answer-caption">
        Extracted answer against the ground truth ({mode === 'lines' ? 'line' : 'word'} diff):{' '}
        <span className="legend">
          <del className="diff-del">ground truth only</del> <ins className="diff-ins">extracted only</ins>
        </span>
      </div>
      <pre className="answer-diff" data-testid="answer-diff">
        <DiffParts parts={parts} />
      </pre>
      {ruleNote}
    </div>
  );
}

function DiffParts({ parts }: { parts: readonly DiffPart[] }) {
  return (
    <>
      {parts.map((p, i) =>
        p.op === 'same' ? (
          <span key={i}>{p.text}</span>
        ) : p.op === 'del' ? (
          <del key={i} className="diff-del" title="only in the ground truth">
            {p.text}
          </del>
        ) : (
          <ins key={i} className="diff-ins" title="only in the extracted answer">
            {p.text}
          </ins>
        ),
      )}
    </>
  );
}

function AnswerValue({ caption, text }: { caption: string; text: string }) {
  return (
    <div className="answer-block">
      <div className="answer-caption">{caption}</div>
      {text === '' ? <div className="answer-value empty-note">(empty)</div> : <pre className="answer-value">{text}</pre>}
    </div>
  );
}

function StructuredAnswer({ extracted }: { extracted: string }) {
  const pretty = useMemo(() => prettyAnswer(extracted), [extracted]);
  if (pretty === null) return null;
  return (
    <div className="answer-block structured-answer" data-testid="structured-answer">
      <div className="answer-caption">Extracted answer, structured</div>
      <pre className="answer-value">{pretty}</pre>
    </div>
  );
}
