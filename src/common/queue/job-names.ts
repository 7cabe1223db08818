/** Every job name, one payload type each (see job-payloads.ts). */
export const JobName = {
  AnalyzeText: 'analyze-text',
} as const;
export type JobName = (typeof JobName)[keyof typeof JobName];
