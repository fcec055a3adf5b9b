/**
 * The algorithm-task verifiers (verifiers.md §4, plus the shared string matchers of §2.1/§2.2 that the
 * integer-answer algorithm tasks and the yes/no and number graph tasks use).
 */
import type { TaskVerifier } from '../types';
import { cryptoMathVerifier } from './algorithms/cryptoMath';
import { matchFromListVerifier, simpleStrMatchVerifier } from './algorithms/strMatch';
import { twentyFourVerifier } from './algorithms/twentyFour';

export { cryptoMathVerifier, matchFromListVerifier, simpleStrMatchVerifier, twentyFourVerifier };

export const verifiers: TaskVerifier[] = [twentyFourVerifier, cryptoMathVerifier, simpleStrMatchVerifier, matchFromListVerifier];
