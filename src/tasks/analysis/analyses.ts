/**
 * Every analysis a task can ask for. Language and sentiment always run: the others build on
 * them. Kept apart from enrichment.ts so the API can validate names without loading analyzers.
 */
export const ANALYSES = ['language', 'sentiment', 'themes', 'keyphrases', 'emotion', 'pii', 'quality'] as const;
export type Analysis = (typeof ANALYSES)[number];
