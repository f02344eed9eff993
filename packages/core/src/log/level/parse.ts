import { InvalidLevelError } from './errors.js';
import { debugValue, errorValue, infoValue, warnValue } from './value.js';
import type { LevelValue } from './value.js';

const byName: Record<string, LevelValue> = {
  debug: debugValue,
  info: infoValue,
  warn: warnValue,
  error: errorValue,
};

/**
 * parse returns the {@link LevelValue} named by text, ignoring case and surrounding spaces
 * (Go kit's `level.Parse`); an unknown name throws {@link InvalidLevelError}.
 */
export function parse(text: string): LevelValue {
  const name = text.trim().toLowerCase();
  const v = Object.hasOwn(byName, name) ? byName[name] : undefined;
  if (v === undefined) throw new InvalidLevelError(text);
  return v;
}

/**
 * parseDefault returns the level named by text, or fallback when text names none (Go kit's
 * `level.ParseDefault`), e.g. `parseDefault(process.env.LOG_LEVEL ?? '', infoValue)`.
 */
export function parseDefault(text: string, fallback: LevelValue): LevelValue {
  try {
    return parse(text);
  } catch {
    return fallback;
  }
}
