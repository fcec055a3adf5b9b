/**
 * The stats panel's webview entry point (bundled as dist/webview.js, with dist/webview.css).
 *
 * Styles: webview/styles.css and @vscode/codicons' codicon.css are imported here; webpack extracts them
 * into dist/webview.css (mini-css-extract-plugin) and emits the codicon font as dist/codicon.ttf (asset
 * module), which the stylesheet references by a relative URL. The host serves both through
 * `webview.asWebviewUri` from dist/, allowed by the CSP's `style-src`/`font-src ${webview.cspSource}`.
 */
import './zodConfig';
import '@vscode/codicons/dist/codicon.css';
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { createVsCodeHostApi } from './hostApi';

const root = document.getElementById('root');
if (root) {
  const api = createVsCodeHostApi(acquireVsCodeApi(), window);
  createRoot(root).render(
    <StrictMode>
      <App api={api} />
    </StrictMode>,
  );
}
