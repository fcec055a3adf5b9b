/**
 * Test page entry for test/webview/board.test.ts (bundled at test time with esbuild): renders the boards
 * the test hands over, one BoardView per board, like the curator's verifier panel does.
 */
import '@vscode/codicons/dist/codicon.css';
import { createRoot, type Root } from 'react-dom/client';
import type { Board } from '../../src/core/boards/model';
import { BoardView } from '../../webview/curator/board/BoardView';

declare global {
  interface Window {
    __board?: Board;
    __render: (boards: Board[]) => void;
  }
}

let root: Root | null = null;

window.__render = (boards: Board[]) => {
  const host = document.getElementById('root');
  if (!host) return;
  root ??= createRoot(host);
  root.render(
    <main className="board-test">
      {boards.map((b, i) => (
        <section key={i} data-testid={`board-${i}`}>
          <BoardView board={b} />
        </section>
      ))}
    </main>,
  );
};

if (window.__board) window.__render([window.__board]);
