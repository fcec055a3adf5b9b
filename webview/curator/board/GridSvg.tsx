/**
 * A grid board as SVG: cells (fills drawn as shapes, givens bold, candidate values normal), thin cell
 * lines, thick region borders and walls, cage labels, relation signs between cells, clues around the
 * grid, a path as a polyline, and the bad cells with an error outline over a diagonal hatch (so they read
 * without colour too). Colours come only from board.css (VS Code theme variables). All text is data,
 * rendered as SVG text nodes.
 */
import type { ReactElement } from 'react';
import type { Coord, EdgeClue, GridBoard, GridCell, Violation } from '../../../src/core/boards/model';

/** Cell size and clue slot size, in SVG user units (the SVG scales down to fit its container). */
export const CELL = 40;
const SLOT = 22;
const GAP = 6;

type Side = 'top' | 'bottom' | 'left' | 'right';

/** Fills drawn as a glyph over the whole cell, or holding a path's end: any text goes in the corner. */
const CORNER_TEXT: ReadonlySet<string> = new Set(['start', 'goal', 'tree', 'tent', 'mine', 'flag', 'target', 'player', 'playerOnTarget', 'boxOnTarget']);

interface Layout {
  ox: number;
  oy: number;
  width: number;
  height: number;
}

function depth(clues: EdgeClue[][] | undefined): number {
  return clues ? Math.max(0, ...clues.map((c) => c.length)) : 0;
}

function layout(b: GridBoard): Layout {
  const outside = b.path?.cells.some(([r, c]) => r < 0 || c < 0 || r >= b.rows || c >= b.cols) ?? false;
  const pad = GAP + (outside ? CELL / 2 : 0);
  const margin = (side: Side): number => {
    const n = depth(b[side]);
    return n > 0 ? Math.max(pad, n * SLOT + GAP * 2) : pad;
  };
  const ox = margin('left');
  const oy = margin('top');
  return { ox, oy, width: ox + b.cols * CELL + margin('right'), height: oy + b.rows * CELL + margin('bottom') };
}

function relationSymbol(a: Coord, b: Coord, symbol: string): string {
  if (symbol !== '<' && symbol !== '>') return symbol;
  // `symbol` reads from a to b; draw it as it reads left-to-right / top-to-bottom.
  const flip = b[0] < a[0] || (b[0] === a[0] && b[1] < a[1]);
  const s = flip ? (symbol === '<' ? '>' : '<') : symbol;
  if (a[1] === b[1]) return s === '<' ? '∧' : '∨';
  return s;
}

function fontSize(text: string, max: number): number {
  const n = [...text].length;
  return n <= 2 ? max : Math.max(9, Math.floor((max * 2.2) / n));
}

function Glyph({ fill, x, y }: { fill: NonNullable<GridCell['fill']>; x: number; y: number }): ReactElement | null {
  const cx = x + CELL / 2;
  const cy = y + CELL / 2;
  switch (fill) {
    case 'water':
      return <path className="glyph-water" d={`M ${x + 9} ${cy + 4} q 5.5 -5 11 0 t 11 0 M ${x + 9} ${cy - 5} q 5.5 -5 11 0 t 11 0`} />;
    case 'tree':
      return (
        <g className="glyph-tree">
          <rect x={cx - 2} y={cy + 4} width={4} height={10} />
          <circle cx={cx} cy={cy - 3} r={10} />
        </g>
      );
    case 'tent':
      return <polygon className="glyph-tent" points={`${cx},${y + 8} ${x + CELL - 8},${y + CELL - 9} ${x + 8},${y + CELL - 9}`} />;
    case 'mine':
      return (
        <g className="glyph-mine">
          <path d={`M ${cx - 13} ${cy} H ${cx + 13} M ${cx} ${cy - 13} V ${cy + 13} M ${cx - 9} ${cy - 9} L ${cx + 9} ${cy + 9} M ${cx + 9} ${cy - 9} L ${cx - 9} ${cy + 9}`} />
          <circle cx={cx} cy={cy} r={8} />
        </g>
      );
    case 'flag':
      return (
        <g className="glyph-flag">
          <path d={`M ${cx - 5} ${y + 8} V ${y + CELL - 8}`} />
          <polygon points={`${cx - 5},${y + 8} ${cx + 11},${y + 14} ${cx - 5},${y + 20}`} />
        </g>
      );
    case 'box':
    case 'boxOnTarget':
      return <rect className={fill === 'box' ? 'glyph-box' : 'glyph-box on-target'} x={x + 5} y={y + 5} width={CELL - 10} height={CELL - 10} rx={4} />;
    case 'target':
      return <circle className="glyph-target" cx={cx} cy={cy} r={7} />;
    case 'player':
    case 'playerOnTarget':
      return (
        <g>
          {fill === 'playerOnTarget' && <circle className="glyph-target" cx={cx} cy={cy} r={13} />}
          <circle className="glyph-player" cx={cx} cy={cy} r={9} />
        </g>
      );
    default:
      return null;
  }
}

function ClueText({ clue, x, y, side, index, k }: { clue: EdgeClue; x: number; y: number; side: Side; index: number; k: number }): ReactElement {
  return (
    <g className={clue.bad ? 'clue bad' : 'clue'} data-side={side} data-index={index} data-bad={clue.bad ? 'true' : undefined} key={`${side}-${index}-${k}`}>
      {clue.bad && <rect className="clue-bad-box" x={x - SLOT / 2 + 1} y={y - SLOT / 2 + 1} width={SLOT - 2} height={SLOT - 2} rx={4} />}
      <text x={x} y={y} className="clue-text" fontSize={fontSize(clue.text, 14)}>
        {clue.text}
      </text>
    </g>
  );
}

/** Where the k-th of n clues of a line sits (centre). */
function cluePos(side: Side, index: number, k: number, n: number, b: GridBoard, L: Layout): [number, number] {
  const mid = index * CELL + CELL / 2;
  switch (side) {
    case 'top':
      return [L.ox + mid, L.oy - GAP - (n - 1 - k) * SLOT - SLOT / 2];
    case 'bottom':
      return [L.ox + mid, L.oy + b.rows * CELL + GAP + k * SLOT + SLOT / 2];
    case 'left':
      return [L.ox - GAP - (n - 1 - k) * SLOT - SLOT / 2, L.oy + mid];
    case 'right':
      return [L.ox + b.cols * CELL + GAP + k * SLOT + SLOT / 2, L.oy + mid];
  }
}

/** The box around a whole clue line (for the hover highlight). */
function clueBox(side: Side, index: number, b: GridBoard, L: Layout): { x: number; y: number; w: number; h: number } | null {
  const n = b[side]?.[index]?.length ?? 0;
  if (n === 0) return null;
  const [x0, y0] = cluePos(side, index, 0, n, b, L);
  const [x1, y1] = cluePos(side, index, n - 1, n, b, L);
  return { x: Math.min(x0, x1) - SLOT / 2, y: Math.min(y0, y1) - SLOT / 2, w: Math.abs(x1 - x0) + SLOT, h: Math.abs(y1 - y0) + SLOT };
}

export function GridSvg({ board: b, highlight, uid }: { board: GridBoard; highlight: Violation | null; uid: string }): ReactElement {
  const L = layout(b);
  const X = (c: number): number => L.ox + c * CELL;
  const Y = (r: number): number => L.oy + r * CELL;
  const hatch = `${uid}-hatch`;
  const inside = (r: number, c: number): boolean => r >= 0 && r < b.rows && c >= 0 && c < b.cols;
  const region = (r: number, c: number): number | undefined => b.regions?.[r]?.[c];

  // Thin cell lines, then thick region borders (between different regions) and walls.
  const thin: string[] = [];
  for (let r = 1; r < b.rows; r++) thin.push(`M ${X(0)} ${Y(r)} H ${X(b.cols)}`);
  for (let c = 1; c < b.cols; c++) thin.push(`M ${X(c)} ${Y(0)} V ${Y(b.rows)}`);
  const thick: string[] = [];
  if (b.regions) {
    for (let r = 0; r < b.rows; r++) {
      for (let c = 0; c < b.cols; c++) {
        if (c + 1 < b.cols && region(r, c) !== region(r, c + 1)) thick.push(`M ${X(c + 1)} ${Y(r)} V ${Y(r + 1)}`);
        if (r + 1 < b.rows && region(r, c) !== region(r + 1, c)) thick.push(`M ${X(c)} ${Y(r + 1)} H ${X(c + 1)}`);
      }
    }
  }
  const walls: string[] = [];
  for (const [[r1, c1], [r2, c2]] of b.walls ?? []) {
    if (r1 === r2 && Math.abs(c1 - c2) === 1) walls.push(`M ${X(Math.max(c1, c2))} ${Y(r1)} V ${Y(r1 + 1)}`);
    else if (c1 === c2 && Math.abs(r1 - r2) === 1) walls.push(`M ${X(c1)} ${Y(Math.max(r1, r2))} H ${X(c1 + 1)}`);
  }

  const cells: ReactElement[] = [];
  const overlays: ReactElement[] = [];
  const texts: ReactElement[] = [];
  b.cells.forEach((row, r) =>
    row.forEach((cell, c) => {
      if (!inside(r, c)) return;
      const x = X(c);
      const y = Y(r);
      const dark = cell.fill === 'black' || cell.fill === 'wall';
      const text = cell.text ?? '';
      cells.push(
        <g key={`${r},${c}`} className="cell" data-row={r} data-col={c} data-bad={cell.bad ? 'true' : undefined} data-missing={cell.missing ? 'true' : undefined}>
          <rect className={`cell-bg fill-${cell.fill ?? 'none'}`} x={x} y={y} width={CELL} height={CELL} />
          {cell.fill && <Glyph fill={cell.fill} x={x} y={y} />}
          {cell.clue && (
            <>
              <path className="kakuro-diagonal" d={`M ${x} ${y} L ${x + CELL} ${y + CELL}`} />
              {cell.clue.down !== undefined && (
                <text className="kakuro-clue" x={x + 11} y={y + CELL - 10}>
                  {cell.clue.down}
                </text>
              )}
              {cell.clue.across !== undefined && (
                <text className="kakuro-clue" x={x + CELL - 11} y={y + 11}>
                  {cell.clue.across}
                </text>
              )}
            </>
          )}
          {cell.bad && <rect className="bad-hatch" x={x} y={y} width={CELL} height={CELL} fill={`url(#${hatch})`} />}
        </g>,
      );
      if (text !== '') {
        texts.push(
          cell.fill !== undefined && CORNER_TEXT.has(cell.fill) ? (
            // Beside a glyph (or S/E under a path's end) the text sits in the corner.
            <text key={`t-${r},${c}`} className="cell-text given corner" x={x + 9} y={y + 10}>
              {text}
            </text>
          ) : (
            <text key={`t-${r},${c}`} className={`cell-text${cell.given ? ' given' : ' value'}${dark ? ' on-dark' : ''}`} x={x + CELL / 2} y={y + CELL / 2} fontSize={fontSize(text, 20)}>
              {text}
            </text>
          ),
        );
      }
      if (cell.bad) overlays.push(<rect key={`bad-${r},${c}`} className="bad-outline" x={x + 2.5} y={y + 2.5} width={CELL - 5} height={CELL - 5} />);
      else if (cell.missing) overlays.push(<rect key={`missing-${r},${c}`} className="missing-outline" x={x + 3.5} y={y + 3.5} width={CELL - 7} height={CELL - 7} />);
    }),
  );

  const cages = (b.cages ?? []).map((cage, i) => {
    const first = cage.cells[0];
    if (!first || !inside(first[0], first[1])) return null;
    return (
      <text key={`cage-${i}`} className={cage.bad ? 'cage-label bad' : 'cage-label'} data-bad={cage.bad ? 'true' : undefined} x={X(first[1]) + 5} y={Y(first[0]) + 4}>
        {cage.label}
      </text>
    );
  });

  const relations = (b.relations ?? []).map((rel, i) => {
    const [ar, ac] = rel.a;
    const [br, bc] = rel.b;
    const x = (X(ac) + X(bc)) / 2 + CELL / 2;
    const y = (Y(ar) + Y(br)) / 2 + CELL / 2;
    return (
      <g key={`rel-${i}`} className={rel.bad ? 'relation bad' : 'relation'} data-bad={rel.bad ? 'true' : undefined}>
        <circle className="relation-bg" cx={x} cy={y} r={8} />
        <text className="relation-text" x={x} y={y}>
          {relationSymbol(rel.a, rel.b, rel.symbol)}
        </text>
      </g>
    );
  });

  let path: ReactElement | null = null;
  if (b.path && b.path.cells.length > 0) {
    const pts = b.path.cells.map(([r, c]) => `${X(c) + CELL / 2},${Y(r) + CELL / 2}`);
    const badFrom = b.path.badFrom;
    const good = badFrom === undefined ? pts : pts.slice(0, badFrom + 1);
    const bad = badFrom === undefined ? [] : pts.slice(badFrom);
    const [sx, sy] = pts[0]!.split(',').map(Number) as [number, number];
    const [ex, ey] = pts[pts.length - 1]!.split(',').map(Number) as [number, number];
    path = (
      <g className="path">
        {good.length > 1 && <polyline className="path-line" points={good.join(' ')} />}
        {bad.length > 1 && <polyline className="path-bad" data-testid="path-bad" data-step={badFrom} points={bad.join(' ')} />}
        <circle className="path-start" cx={sx} cy={sy} r={5} />
        {bad.length > 1 ? (
          <path className="path-bad-mark" d={`M ${ex - 7} ${ey - 7} L ${ex + 7} ${ey + 7} M ${ex + 7} ${ey - 7} L ${ex - 7} ${ey + 7}`} />
        ) : (
          pts.length > 1 && <circle className="path-end" cx={ex} cy={ey} r={5} />
        )}
      </g>
    );
  }

  const clues: ReactElement[] = [];
  for (const side of ['top', 'bottom', 'left', 'right'] as const) {
    (b[side] ?? []).forEach((list, index) => list.forEach((clue, k) => {
      const [x, y] = cluePos(side, index, k, list.length, b, L);
      clues.push(<ClueText key={`${side}-${index}-${k}`} clue={clue} x={x} y={y} side={side} index={index} k={k} />);
    }));
  }

  const lit: ReactElement[] = [];
  if (highlight) {
    highlight.cells.forEach(([r, c], i) => {
      if (inside(r, c)) lit.push(<rect key={`hl-${i}`} className="highlight" x={X(c) + 1.5} y={Y(r) + 1.5} width={CELL - 3} height={CELL - 3} />);
    });
    if (highlight.clue) {
      const box = clueBox(highlight.clue.side, highlight.clue.index, b, L);
      if (box) lit.push(<rect key="hl-clue" className="highlight" x={box.x} y={box.y} width={box.w} height={box.h} rx={4} />);
    }
  }

  return (
    <svg className="grid-svg" viewBox={`0 0 ${L.width} ${L.height}`} width={L.width} height={L.height} aria-hidden="true" focusable="false">
      <defs>
        <pattern id={hatch} patternUnits="userSpaceOnUse" width={7} height={7} patternTransform="rotate(45)">
          <line className="hatch-line" x1={0} y1={0} x2={0} y2={7} />
        </pattern>
      </defs>
      {cells}
      <path className={b.walls ? 'grid-line faint' : 'grid-line'} d={thin.join(' ')} />
      <rect className={b.walls ? 'grid-frame faint' : 'grid-frame'} x={X(0)} y={Y(0)} width={b.cols * CELL} height={b.rows * CELL} />
      {thick.length > 0 && <path className="region-line" d={thick.join(' ')} />}
      {walls.length > 0 && <path className="wall-line" d={walls.join(' ')} />}
      {path}
      {texts}
      {overlays}
      {cages}
      {relations}
      {clues}
      {lit}
    </svg>
  );
}
