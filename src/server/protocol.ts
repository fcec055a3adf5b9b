/**
 * What the language server and the extension's client agree on beyond LSP: the custom requests, the
 * client-side commands the code lenses run, and their payloads (zod at the client's boundary).
 * Free of `vscode` and of the server's runtime, so both bundles can import it.
 */
import { z } from 'zod';

/** `helixCurator/verifyLine`: the verdict of the sample on one line, for the "Verify" code lens. */
export const VERIFY_LINE_REQUEST = 'helixCurator/verifyLine';
export interface VerifyLineParams {
  textDocument: { uri: string };
  /** 0-based line. */
  line: number;
}
export const VerifyLineResult = z.object({
  line: z.number().int(),
  /** The sample's id (`#<ordinal>` when the row has none), null on a blank line. */
  id: z.string().nullable(),
  /** pass | fail | error | unsupported | lenient | mismatch | none (no response) | unreadable (the line is not a sample). */
  status: z.string(),
  /** One line for a notification. */
  summary: z.string(),
  /** The hover's markdown. */
  markdown: z.string(),
});
export type VerifyLineResult = z.infer<typeof VerifyLineResult>;

/** `helixCurator/documentInfo`: what the server knows about a document (tests, troubleshooting). */
export const DOCUMENT_INFO_REQUEST = 'helixCurator/documentInfo';
export interface DocumentInfoParams {
  textDocument: { uri: string };
}
export interface DocumentInfo {
  /** Whether the server treats the document as a dataset (glob and first-line check). */
  dataset: boolean;
  version: number;
  lines: number;
  /**
   * The last diagnostics pass: non-blank lines, lines checked afresh, lines answered from the cache, ms,
   * and how many of the checked lines were checked in worker threads.
   */
  lastPass: { samples: number; checked: number; reused: number; ms: number; inWorkers: number } | null;
}

/** Client-side commands the code lenses name (registered by src/extension/languageClient.ts, not contributed). */
export const CLIENT_COMMANDS = {
  /** Arguments: the document URI (string) and the 0-based line. */
  verifyLine: 'helixCurator.verifyLine',
} as const;

/** The argument the "Open in Helix Curator" lens passes after the URI: where the sample is. */
export const OpenAtArg = z.object({ line: z.number().int().nonnegative(), ordinal: z.number().int().nonnegative() });
export type OpenAtArg = z.infer<typeof OpenAtArg>;
