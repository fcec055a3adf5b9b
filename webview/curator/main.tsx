/**
 * The curator webview's entry point (bundled as dist/curator.js, with dist/curator.css; the codicon font
 * is the shared dist/codicon.ttf). The host serves them with webviewHtml (src/extension/webviewHtml.ts):
 * strict CSP, nonce'd script, no inline styles or scripts.
 */
import '../zodConfig';
import '@vscode/codicons/dist/codicon.css';
import './curator.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { createCuratorHostApi } from './hostApi';

const root = document.getElementById('root');
if (root) {
  const api = createCuratorHostApi(acquireVsCodeApi(), window);
  createRoot(root).render(
    <StrictMode>
      <App api={api} />
    </StrictMode>,
  );
}
