/**
 * The game verifiers (verifiers.md §7): every answer is simulated on the initial state, except
 * minesweeper (set match with the stored answer in the reference; the board's numbers in strict mode).
 */
import type { TaskVerifier } from '../types';
import { hanoi } from './games/hanoi';
import { maze } from './games/maze';
import { minesweeper } from './games/minesweeper';
import { nibbles } from './games/nibbles';
import { slidingPuzzle } from './games/slidingPuzzle';
import { sokoban } from './games/sokoban';

export { hanoi, maze, minesweeper, nibbles, slidingPuzzle, sokoban };

export const verifiers: TaskVerifier[] = [sokoban, hanoi, maze, minesweeper, slidingPuzzle, nibbles];
