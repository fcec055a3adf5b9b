/**
 * Puzzle verifiers (verifiers.md §6.4–6.9, §6.11): WordLadder, eulero, numbrix, snake, aquarium, binairo,
 * campsite. One module per task under ./puzzles; shared helpers in ./puzzles/common.ts.
 */
import type { TaskVerifier } from '../types';
import { aquariumVerifier } from './puzzles/aquarium';
import { binairoVerifier } from './puzzles/binairo';
import { campsiteVerifier } from './puzzles/campsite';
import { euleroVerifier } from './puzzles/eulero';
import { numbrixVerifier } from './puzzles/numbrix';
import { snakeVerifier } from './puzzles/snake';
import { wordLadderVerifier } from './puzzles/wordLadder';

export const verifiers: TaskVerifier[] = [wordLadderVerifier, euleroVerifier, numbrixVerifier, snakeVerifier, aquariumVerifier, binairoVerifier, campsiteVerifier];
