/**
 * Line and grid puzzles: bridges, hitori, nonogram, shingoki, tapa, wordsearch (verifiers.md §6.10,
 * §6.13, §6.15–§6.18). One module per task under ./lineGrids; shared helpers in ./lineGrids/common.
 */
import type { TaskVerifier } from '../types';
import { bridgesVerifier } from './lineGrids/bridges';
import { hitoriVerifier } from './lineGrids/hitori';
import { nonogramVerifier } from './lineGrids/nonogram';
import { shingokiVerifier } from './lineGrids/shingoki';
import { tapaVerifier } from './lineGrids/tapa';
import { wordsearchVerifier } from './lineGrids/wordsearch';

export { bridgesVerifier, hitoriVerifier, nonogramVerifier, shingokiVerifier, tapaVerifier, wordsearchVerifier };

export const verifiers: TaskVerifier[] = [bridgesVerifier, hitoriVerifier, nonogramVerifier, shingokiVerifier, tapaVerifier, wordsearchVerifier];
