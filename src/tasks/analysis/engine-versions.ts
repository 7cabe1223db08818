/**
 * The engines this build can run, by name and version. Kept apart from the engines themselves so
 * that the API can check a task's engine pin without loading lexicons, eld or the OpenAI SDK.
 */
export const LOCAL_ENGINE_NAME = 'sentir-local';
/** Our own semver for the local pipeline as a whole (wiring, hint handling, fallback policy, rules). */
export const LOCAL_ENGINE_VERSION = '0.3.0';

export const OPENAI_ENGINE_NAME = 'sentir-openai';
/** Our semver for the LLM engine as a whole (batching, fallback policy); the prompt has its own version. */
export const OPENAI_ENGINE_VERSION = '1.0.0';

export const ENGINE_NAMES = [LOCAL_ENGINE_NAME, OPENAI_ENGINE_NAME] as const;

export interface EngineIdentity {
  name: string;
  version: string;
}

/** What a task may pin: the engine, its version, or both (absent members match anything). */
export interface EnginePin {
  name?: string;
  version?: string;
}

/** The engine a process runs under ENGINE=local|openai. */
export function engineFor(kind: 'local' | 'openai'): EngineIdentity {
  return kind === 'openai' ? { name: OPENAI_ENGINE_NAME, version: OPENAI_ENGINE_VERSION } : { name: LOCAL_ENGINE_NAME, version: LOCAL_ENGINE_VERSION };
}

/** Why `running` cannot honour `pin`, or null when it can. */
export function pinMismatch(pin: EnginePin | null | undefined, running: EngineIdentity): string | null {
  if (!pin) return null;
  if (pin.name !== undefined && pin.name !== running.name) {
    return `the task asks for engine ${pin.name}${pin.version ? ` ${pin.version}` : ''}, but this deployment runs ${running.name} ${running.version}`;
  }
  if (pin.version !== undefined && pin.version !== running.version) {
    return `the task asks for ${pin.name ?? running.name} version ${pin.version}, but this deployment runs version ${running.version}`;
  }
  return null;
}
