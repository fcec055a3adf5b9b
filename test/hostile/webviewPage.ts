/**
 * Pages for the hostile webview tests (test/hostile/webview.security.test.ts), on top of the shared
 * headless Chromium page of the browser tests (test/webview/chromiumPage.ts):
 *
 * - `watchNetwork`: every request the page makes, by URL, with the rule that a webview may only ever
 *   fetch from its own resource origin (or data:/blob: URLs it made itself). chromiumPage aborts other
 *   origins and lists them; this also catches what it would not (a request to the right origin but
 *   outside /dist/ and the dataset folder, a navigation).
 * - `bridgeCurator`: the real curator host (a CuratorSession over the dataset engine in its worker thread,
 *   the built dist/curatorWorker.js, as the extension runs it) on a dataset file, wired to the curator
 *   webview in the page, as VS Code would: the session's posts become
 *   `window.postMessage` in the page, the page's `acquireVsCodeApi().postMessage` reaches
 *   `session.receive`, and image files the session turns into webview URIs are served from the dataset
 *   folder under `${ORIGIN}/dataset/`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page, Request } from 'playwright-core';
import { WorkerBackend } from '../../src/extension/curator/backend';
import { isInside } from '../../src/extension/curator/journalLocation';
import { CuratorSession, type CuratorPanel } from '../../src/extension/curator/session';
import type { CuratorToHost, HostToCurator } from '../../src/protocol/curator';
import { builtDist, ORIGIN } from '../webview/chromiumPage';

export interface NetworkLog {
  /** Every URL the page asked for, in order, including the ones its CSP then refused. */
  urls: string[];
  /** The URLs the CSP refused before they left (Playwright reports them as failed with the error text `csp`). */
  cspBlocked: string[];
  /** The URLs that left the page (asked for, not refused by the CSP) and break the rule: not ORIGIN's /index.html, /dist/ or /dataset/, data: or blob:. */
  foreign(): string[];
}

/** The local resources a webview may load: its HTML, the bundle and the dataset's images. */
export function isLocalResource(url: string): boolean {
  if (url.startsWith('data:') || url.startsWith('blob:')) return true;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  return u.origin === ORIGIN && (u.pathname === '/index.html' || u.pathname.startsWith('/dist/') || u.pathname.startsWith('/dataset/'));
}

const refused = (r: Request) => r.failure()?.errorText === 'csp';

export function watchNetwork(page: Page): NetworkLog {
  const requests: Request[] = [];
  const urls: string[] = [];
  const cspBlocked: string[] = [];
  page.on('request', (r: Request) => {
    requests.push(r);
    urls.push(r.url());
  });
  page.on('requestfailed', (r: Request) => {
    if (refused(r)) cspBlocked.push(r.url());
  });
  return { urls, cspBlocked, foreign: () => requests.filter((r) => !refused(r) && !isLocalResource(r.url())).map((r) => r.url()) };
}

const IMAGE_TYPES: Record<string, string> = { '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.webp': 'image/webp' };

export interface CuratorBridge {
  session: CuratorSession;
  /** Messages the host sent to the page, in order. */
  sent: HostToCurator[];
  /** When each of `sent` was posted (performance.now()). */
  sentAt: number[];
  /** Messages the page sent to the host, in order. */
  received: CuratorToHost[];
  /** Milliseconds from the moment the page received `ordinal`'s latest sample message to now (in the page's clock). */
  sinceSampleArrived(ordinal: number): Promise<number>;
  /** Wait until the host sent a message matching `pred` (polls; `what` names it in the timeout error). */
  until<T>(what: string, pred: () => T | undefined | null | false, timeoutMs?: number): Promise<T>;
  dispose(): Promise<void>;
}

/**
 * A real CuratorSession on `dataset` (journal at `journal`), bridged to `page`. Call before the page's
 * first load: it installs the page's `acquireVsCodeApi` (the shared page's fake one must be off).
 */
export async function bridgeCurator(page: Page, dataset: string, journal: string, curator = 'mallory'): Promise<CuratorBridge> {
  const datasetDir = path.dirname(dataset);
  const session = new CuratorSession({
    datasetPath: dataset,
    journalPath: journal,
    curator,
    autoAdvance: true,
    // In a worker, as in VS Code: the engine's work on a 5 MB row must not stall the test's own event loop
    // (which drives the browser), just as it must not stall the extension host.
    backend: new WorkerBackend(builtDist('curatorWorker.js') + '/curatorWorker.js', { file: dataset, maxRowBytes: 64 << 20, checkImages: true, cuesFile: null, analyseAll: true }, (e) => console.error(`dataset worker: ${String(e)}`)),
    views: { load: () => [], save: () => Promise.resolve() },
    log: { info: () => undefined, warn: () => undefined, error: (m: string) => console.error(`curator host: ${m}`) },
  });
  const sent: HostToCurator[] = [];
  const sentAt: number[] = [];
  const received: CuratorToHost[] = [];
  // Posts are delivered in order, each after the previous one. Straight over the DevTools protocol: for a
  // message of megabytes (a 5 MB response's sample) that is about twice as fast as page.evaluate's argument
  // passing, which is all this costs; the page's own handling is timed apart (`sinceSampleArrived`).
  const cdp = await page.context().newCDPSession(page);
  let delivery: Promise<unknown> = Promise.resolve();
  const panel: CuratorPanel = {
    post: (message) => {
      sent.push(message);
      sentAt.push(performance.now());
      const expression = `window.postMessage(JSON.parse(${JSON.stringify(JSON.stringify(message))}), '*')`;
      delivery = delivery
        .then(() => cdp.send('Runtime.evaluate', { expression }))
        .catch((e: unknown) => {
          if (!/closed|detached|destroyed/i.test(String(e))) console.error(`bridge: delivery failed: ${String(e)}`);
        });
    },
    imageUri: (absPath) => (isInside(absPath, datasetDir) ? `${ORIGIN}/dataset/${path.relative(datasetDir, absPath).split(path.sep).map(encodeURIComponent).join('/')}` : null),
    openLine: () => undefined,
  };
  session.attach(panel, null);
  await page.exposeFunction('__helixToHost', async (json: string) => {
    const m = JSON.parse(json) as CuratorToHost;
    received.push(m);
    await session.receive(panel, m);
  });
  await page.addInitScript(() => {
    // When each sample message reached the page (before the app's own listener): the page's share of the time.
    const arrived: Record<number, number> = {};
    (window as unknown as { __sampleArrivedAt: Record<number, number> }).__sampleArrivedAt = arrived;
    window.addEventListener(
      'message',
      (e: MessageEvent<{ type?: string; ordinal?: number }>) => {
        if (e.data?.type === 'sample' && typeof e.data.ordinal === 'number') arrived[e.data.ordinal] = performance.now();
      },
      true,
    );
    const w = window as unknown as { __helixToHost: (json: string) => Promise<void>; __posted: unknown[]; __state: unknown; acquireVsCodeApi: () => unknown };
    w.__posted = [];
    w.__state = undefined;
    w.acquireVsCodeApi = () => ({
      postMessage: (m: unknown) => {
        w.__posted.push(JSON.parse(JSON.stringify(m)));
        void w.__helixToHost(JSON.stringify(m));
      },
      getState: () => w.__state,
      setState: (s: unknown) => {
        w.__state = s;
      },
    });
  });
  await page.route(`${ORIGIN}/dataset/**`, (route) => {
    const rel = decodeURIComponent(new URL(route.request().url()).pathname.slice('/dataset/'.length));
    const file = path.resolve(datasetDir, rel);
    const ok = isInside(file, datasetDir) && fs.statSync(file, { throwIfNoEntry: false })?.isFile();
    if (!ok) return route.fulfill({ status: 404, body: 'not found' });
    return route.fulfill({ status: 200, contentType: IMAGE_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream', body: fs.readFileSync(file) });
  });
  return {
    session,
    sent,
    sentAt,
    received,
    sinceSampleArrived: (ordinal) => page.evaluate((o) => performance.now() - ((window as unknown as { __sampleArrivedAt: Record<number, number> }).__sampleArrivedAt[o] ?? NaN), ordinal),
    async until(what, pred, timeoutMs = 20_000) {
      const t0 = Date.now();
      for (;;) {
        const v = pred();
        if (v) return v;
        if (Date.now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    async dispose() {
      session.detach(panel);
      session.dispose();
      await delivery;
    },
  };
}
