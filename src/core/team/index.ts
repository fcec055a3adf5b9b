/**
 * Team curation: several curators' journals merged into one view (merge.ts), found beside the dataset or in
 * the journal folder (discover.ts), resolved per sample into agreed / conflict / adjudicated decisions, and
 * the team's chance-corrected agreement on decisions and step tags (agreement.ts over kappa.ts).
 */
export { curatorFileSegment, curatorJournalPath, discoverJournals } from './discover';
export { readTeamJournals, RESOLUTION_STATUSES, TeamJournal, type JournalSource, type Resolution, type ResolutionStatus, type SourceProblems, type Vote, type VoteDecision } from './merge';
export { cohenKappa, fleissKappa, KappaAccumulator, type KappaResult } from './kappa';
export { decisionAgreement, NO_TASK, tagAgreement, type AgreementFigure, type AgreementOptions, type AgreementReport, type TagAgreementOptions } from './agreement';
