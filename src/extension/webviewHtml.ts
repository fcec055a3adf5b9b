/**
 * The HTML shell of a webview: a strict Content-Security-Policy with a per-load nonce, the bundle's
 * stylesheet and script, and nothing else. No inline script or style, no remote content.
 * vscode-free (pure), so it is unit tested.
 */
import { randomBytes } from 'node:crypto';

export interface WebviewHtmlOptions {
  /** `webview.cspSource`: the origin VS Code serves local resources from. */
  cspSource: string;
  /** `webview.asWebviewUri(...)` of the script and stylesheet, as strings. */
  scriptUri: string;
  styleUri: string;
  title: string;
  nonce?: string;
  /** Also allow `data:` and `blob:` images (the curator shows images embedded in rows). Default false. */
  inlineImages?: boolean;
}

export function createNonce(): string {
  return randomBytes(18).toString('base64').replace(/[^A-Za-z0-9]/g, '');
}

export function contentSecurityPolicy(cspSource: string, nonce: string, inlineImages = false): string {
  return [
    "default-src 'none'",
    inlineImages ? `img-src ${cspSource} data: blob:` : `img-src ${cspSource}`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

export function webviewHtml(o: WebviewHtmlOptions): string {
  const nonce = o.nonce ?? createNonce();
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(contentSecurityPolicy(o.cspSource, nonce, o.inlineImages ?? false))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtml(o.title)}</title>
<link rel="stylesheet" href="${escapeHtml(o.styleUri)}">
</head>
<body>
<div id="root"></div>
<script nonce="${escapeHtml(nonce)}" src="${escapeHtml(o.scriptUri)}"></script>
</body>
</html>
`;
}
