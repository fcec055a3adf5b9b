/** The board slot of the verifier panel: the board engineer's BoardView (webview/curator/board). */
export { BoardView as BoardSlot } from '../board/BoardView';
