/**
 * Number-grid puzzles: Calcudoku (§6.1), Kukurasu (§6.2), Skyscrapers (§6.3), futoshiki (§6.12),
 * kakuro (§6.14) and sudoku (§6.19). One module per task under ./numberGrids; shared grid reading and
 * Latin-square checks in ./numberGrids/grids.ts, Python emulation in ./numberGrids/pyCompat.ts.
 */
import type { TaskVerifier } from '../types';
import { calcudokuVerifier } from './numberGrids/calcudoku';
import { futoshikiVerifier } from './numberGrids/futoshiki';
import { kakuroVerifier } from './numberGrids/kakuro';
import { kukurasuVerifier } from './numberGrids/kukurasu';
import { skyscrapersVerifier } from './numberGrids/skyscrapers';
import { sudokuVerifier } from './numberGrids/sudoku';

export const verifiers: TaskVerifier[] = [calcudokuVerifier, kukurasuVerifier, skyscrapersVerifier, futoshikiVerifier, kakuroVerifier, sudokuVerifier];
