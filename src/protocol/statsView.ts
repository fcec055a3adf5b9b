/**
 * The message protocol of the dataset statistics panel, shared by the extension host
 * (src/extension/statsPanel.ts) and the webview (webview/). One zod schema per direction; each side
 * validates what it receives.
 *
 * Handshake: the webview posts `ready` once it listens; only then does the host send the `stats`
 * snapshot (and again after every later `ready`, e.g. when a hidden panel's webview is recreated).
 * The host always sends whole snapshots, never deltas.
 */
import { z } from 'zod';
import { DatasetStats } from '../core/stats';

/** Host -> webview. */
export const HostToWebview = z.discriminatedUnion('type', [
  z.object({
    /** The complete statistics of one dataset file. */
    type: z.literal('stats'),
    /** The file's name for the title (the full path is `stats.file`). */
    fileName: z.string(),
    stats: DatasetStats,
  }),
]);
export type HostToWebview = z.infer<typeof HostToWebview>;

/** Webview -> host. */
export const WebviewToHost = z.discriminatedUnion('type', [
  z.object({
    /** The webview is listening: send the snapshot. */
    type: z.literal('ready'),
  }),
  z.object({
    /** Open the panel's dataset file in a text editor at a 1-based line (a bad row or a sample problem). */
    type: z.literal('openLine'),
    line: z.number().int().min(1).max(2 ** 31 - 1),
  }),
]);
export type WebviewToHost = z.infer<typeof WebviewToHost>;
