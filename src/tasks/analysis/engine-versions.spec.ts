import { engineFor, LOCAL_ENGINE_NAME, LOCAL_ENGINE_VERSION, OPENAI_ENGINE_NAME, pinMismatch } from './engine-versions';

describe('engine pins', () => {
  const local = engineFor('local');

  it('names the engine each ENGINE setting runs', () => {
    expect(local).toEqual({ name: LOCAL_ENGINE_NAME, version: LOCAL_ENGINE_VERSION });
    expect(engineFor('openai').name).toBe(OPENAI_ENGINE_NAME);
  });

  it('accepts no pin, a matching name, a matching version, or both', () => {
    expect(pinMismatch(undefined, local)).toBeNull();
    expect(pinMismatch(null, local)).toBeNull();
    expect(pinMismatch({}, local)).toBeNull();
    expect(pinMismatch({ name: LOCAL_ENGINE_NAME }, local)).toBeNull();
    expect(pinMismatch({ version: LOCAL_ENGINE_VERSION }, local)).toBeNull();
    expect(pinMismatch({ name: LOCAL_ENGINE_NAME, version: LOCAL_ENGINE_VERSION }, local)).toBeNull();
  });

  it('explains a wrong name or version, naming what runs', () => {
    expect(pinMismatch({ name: OPENAI_ENGINE_NAME }, local)).toContain(`runs ${LOCAL_ENGINE_NAME} ${LOCAL_ENGINE_VERSION}`);
    expect(pinMismatch({ version: '0.0.1' }, local)).toMatch(/version 0\.0\.1.*runs version/);
    // A right version of the wrong engine is still the wrong engine.
    expect(pinMismatch({ name: OPENAI_ENGINE_NAME, version: LOCAL_ENGINE_VERSION }, local)).not.toBeNull();
  });
});
