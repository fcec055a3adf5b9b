import { useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import type { DetailImage } from '../../../src/protocol/curator';

/** The zoom levels the buttons and +/- step through. */
export const ZOOM_STEPS = [0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 3, 4, 6, 8, 12, 16] as const;

export type Zoom = 'fit' | number;

/** The next zoom level in or out from `current` (a scale), clamped to the ends of ZOOM_STEPS. */
export function nextZoom(current: number, dir: 1 | -1): number {
  if (dir > 0) return ZOOM_STEPS.find((z) => z > current * 1.001) ?? ZOOM_STEPS[ZOOM_STEPS.length - 1]!;
  return [...ZOOM_STEPS].reverse().find((z) => z < current * 0.999) ?? ZOOM_STEPS[0];
}

interface Size {
  w: number;
  h: number;
}

/**
 * The sample's images: fitted to the pane by default; zoom in/out, fit and 1:1 from the toolbar or with
 * + / - (and 0 to fit) while the pane has the focus; zoomed images pan by scrolling or dragging; above 2x they
 * are drawn with square pixels. Images side by side or stacked. An image that cannot be shown is a tile
 * saying why, in its place. Keyed by sample (the zoom starts at "fit" for each sample).
 */
export function ImagePane({ images }: { images: readonly DetailImage[] }) {
  const [zoom, setZoom] = useState<Zoom>('fit');
  const [stacked, setStacked] = useState(false);
  const [sizes, setSizes] = useState<ReadonlyMap<number, Size>>(new Map());
  const [failed, setFailed] = useState<ReadonlySet<number>>(new Set());
  const scrollRef = useRef<HTMLDivElement>(null);
  const drag = useRef<{ x: number; y: number; left: number; top: number; id: number } | null>(null);

  /** The scale the images are drawn at now (when fitted: the first loaded image's). */
  const currentScale = (): number => {
    if (zoom !== 'fit') return zoom;
    const img = scrollRef.current?.querySelector('img');
    return img && img.naturalWidth > 0 ? img.clientWidth / img.naturalWidth : 1;
  };
  const step = (dir: 1 | -1) => setZoom(nextZoom(currentScale(), dir));

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.target !== e.currentTarget && (e.target as Element).closest('button')) return;
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const act = e.key === '+' || e.key === '=' ? () => step(1) : e.key === '-' || e.key === '_' ? () => step(-1) : e.key === '0' ? () => setZoom('fit') : null;
    if (!act) return;
    e.preventDefault();
    e.stopPropagation();
    act();
  };

  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    const el = scrollRef.current;
    if (zoom === 'fit' || e.button !== 0 || !el) return;
    drag.current = { x: e.clientX, y: e.clientY, left: el.scrollLeft, top: el.scrollTop, id: e.pointerId };
    el.setPointerCapture(e.pointerId);
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    const d = drag.current;
    const el = scrollRef.current;
    if (!d || !el || d.id !== e.pointerId) return;
    el.scrollLeft = d.left - (e.clientX - d.x);
    el.scrollTop = d.top - (e.clientY - d.y);
  };
  const endDrag = () => {
    drag.current = null;
  };

  const label = zoom === 'fit' ? 'Fit' : `${Math.round(zoom * 100)}%`;
  return (
    <section className="image-pane" data-testid="image-pane" aria-label="Images" tabIndex={images.length > 0 ? 0 : undefined} onKeyDown={onKeyDown} data-zoom={zoom === 'fit' ? 'fit' : String(zoom)}>
      {images.length > 0 && (
        <div className="image-toolbar" role="toolbar" aria-label="Image zoom">
          <button type="button" className="icon-button" title="Zoom out (-)" aria-label="Zoom out" onClick={() => step(-1)}>
            <span className="codicon codicon-zoom-out" aria-hidden="true" />
          </button>
          <span className="zoom-label" data-testid="zoom-label" aria-live="polite">
            {label}
          </span>
          <button type="button" className="icon-button" title="Zoom in (+)" aria-label="Zoom in" onClick={() => step(1)}>
            <span className="codicon codicon-zoom-in" aria-hidden="true" />
          </button>
          <button type="button" className="icon-button" title="Fit to the pane (0)" aria-label="Fit" aria-pressed={zoom === 'fit'} onClick={() => setZoom('fit')}>
            <span className="codicon codicon-screen-full" aria-hidden="true" />
          </button>
          <button type="button" className="icon-button text-button" title="Actual size, 1:1" aria-label="Actual size" aria-pressed={zoom === 1} onClick={() => setZoom(1)}>
            1:1
          </button>
          {images.length > 1 && (
            <button type="button" className="icon-button" title={stacked ? 'Side by side' : 'Stacked'} aria-label={stacked ? 'Show side by side' : 'Show stacked'} onClick={() => setStacked((s) => !s)}>
              <span className={`codicon codicon-${stacked ? 'split-horizontal' : 'split-vertical'}`} aria-hidden="true" />
            </button>
          )}
        </div>
      )}
      {images.length === 0 ? (
        <p className="empty-note">This sample has no images.</p>
      ) : (
        <div
          className={`image-scroll${zoom === 'fit' ? ' fit' : ' zoomed'}${stacked ? ' stacked' : ''}`}
          ref={scrollRef}
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={endDrag}
          onPointerCancel={endDrag}
        >
          {images.map((img, i) => {
            const size = sizes.get(i);
            const broken = img.src === null || failed.has(i);
            return (
              <figure className="image-figure" key={i}>
                {broken ? (
                  <div className="image-error" data-testid="image-error" role="img" aria-label={`${img.label}: ${img.error ?? 'could not be loaded'}`}>
                    <span className="codicon codicon-warning" aria-hidden="true" />
                    <span className="image-error-text">{img.error ?? 'The image could not be loaded.'}</span>
                  </div>
                ) : (
                  <img
                    src={img.src ?? undefined}
                    alt={img.label}
                    draggable={false}
                    className={zoom !== 'fit' && zoom > 2 ? 'pixelated' : undefined}
                    style={zoom !== 'fit' && size ? { width: `${size.w * zoom}px`, height: `${size.h * zoom}px` } : undefined}
                    onLoad={(e) => {
                      const { naturalWidth: w, naturalHeight: h } = e.currentTarget;
                      setSizes((m) => new Map(m).set(i, { w, h }));
                    }}
                    onError={() => setFailed((s) => new Set(s).add(i))}
                  />
                )}
                <figcaption title={img.label}>{img.label}</figcaption>
              </figure>
            );
          })}
        </div>
      )}
    </section>
  );
}
