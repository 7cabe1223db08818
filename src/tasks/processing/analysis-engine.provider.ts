import { AnalysisEngine } from '../analysis/analysis.types';
import { createLocalEngine } from '../analysis/local-engine';

export const ANALYSIS_ENGINE = Symbol('ANALYSIS_ENGINE');

/** Loaded once per worker process (language models are a few MB). */
export const analysisEngineProvider = {
  provide: ANALYSIS_ENGINE,
  useFactory: (): Promise<AnalysisEngine> => createLocalEngine(),
};
