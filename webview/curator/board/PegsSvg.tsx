/**
 * Tower of Hanoi pegs as SVG: discs (width by size, numbered) on their pegs, labels below; the pegs of a
 * violation are drawn with an error outline over a diagonal hatch.
 */
import type { ReactElement } from 'react';
import type { PegsBoard } from '../../../src/core/boards/model';

const DISC_H = 24;

export function PegsSvg({ board, uid }: { board: PegsBoard; uid: string }): ReactElement {
  const all = board.pegs.flat();
  const maxDisc = Math.max(1, ...all);
  const count = Math.max(1, all.length);
  const slot = Math.max(120, 40 + maxDisc * 20);
  const rodH = (count + 1) * DISC_H;
  const top = 10;
  const base = top + rodH;
  const width = slot * board.pegs.length + 20;
  const height = base + 34;
  const hatch = `${uid}-pegs-hatch`;
  const bad = new Set(board.badPegs ?? []);
  return (
    <svg className="pegs-svg" viewBox={`0 0 ${width} ${height}`} width={width} height={height} aria-hidden="true" focusable="false">
      <defs>
        <pattern id={hatch} patternUnits="userSpaceOnUse" width={7} height={7} patternTransform="rotate(45)">
          <line className="hatch-line" x1={0} y1={0} x2={0} y2={7} />
        </pattern>
      </defs>
      {board.pegs.map((discs, p) => {
        const cx = 10 + p * slot + slot / 2;
        const isBad = bad.has(p);
        return (
          <g key={p} className={isBad ? 'peg bad' : 'peg'} data-peg={p} data-bad={isBad ? 'true' : undefined}>
            {isBad && <rect className="bad-hatch" x={cx - slot / 2 + 4} y={top - 4} width={slot - 8} height={rodH + 8} fill={`url(#${hatch})`} />}
            {isBad && <rect className="bad-outline" x={cx - slot / 2 + 4} y={top - 4} width={slot - 8} height={rodH + 8} rx={4} />}
            <rect className="peg-rod" x={cx - 3} y={top} width={6} height={rodH} rx={2} />
            {discs.map((d, k) => {
              const w = 22 + ((slot - 34) * d) / maxDisc;
              const y = base - (k + 1) * DISC_H;
              return (
                <g key={k} className="disc" data-disc={d}>
                  <rect className="disc-under" x={cx - w / 2} y={y + 1} width={w} height={DISC_H - 2} rx={5} />
                  <rect className="disc-rect" x={cx - w / 2} y={y + 1} width={w} height={DISC_H - 2} rx={5} />
                  <text className="disc-text" x={cx} y={y + DISC_H / 2}>
                    {d}
                  </text>
                </g>
              );
            })}
            <text className="peg-label" x={cx} y={base + 20}>
              {board.labels[p] ?? String(p + 1)}
            </text>
          </g>
        );
      })}
      <path className="peg-base" d={`M 6 ${base} H ${width - 6}`} />
    </svg>
  );
}
