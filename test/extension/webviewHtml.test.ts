import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, createNonce, webviewHtml } from '../../src/extension/webviewHtml';

const cspSource = 'https://file+.vscode-resource.vscode-cdn.net';

describe('webview HTML', () => {
  const html = webviewHtml({
    cspSource,
    nonce: 'abc123',
    scriptUri: `${cspSource}/ext/dist/webview.js`,
    styleUri: `${cspSource}/ext/dist/webview.css`,
    title: 'Stats: <x>.jsonl',
  });

  it('sets a strict CSP: nothing by default, scripts only with the nonce, no inline styles, no remote content', () => {
    const csp = contentSecurityPolicy(cspSource, 'abc123');
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'nonce-abc123'");
    expect(csp).toContain(`style-src ${cspSource}`);
    expect(csp).toContain(`font-src ${cspSource}`);
    expect(csp).not.toMatch(/unsafe-(inline|eval)/);
    expect(csp).not.toMatch(/https?:\/\/(?!file\+\.vscode-resource)/);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${csp.replace(/'/g, '&#39;')}">`);
  });

  it('loads exactly one script, with the nonce, and no inline script or style', () => {
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html).toContain(`<script nonce="abc123" src="${cspSource}/ext/dist/webview.js"></script>`);
    expect(html).not.toMatch(/<style|style="/);
  });

  it('escapes the title', () => {
    expect(html).toContain('<title>Stats: &lt;x&gt;.jsonl</title>');
  });

  it('makes a fresh alphanumeric nonce each time', () => {
    const a = createNonce();
    expect(a).toMatch(/^[A-Za-z0-9]{16,}$/);
    expect(createNonce()).not.toBe(a);
  });
});
