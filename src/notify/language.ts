import { SUPPORTED_LANGUAGES } from '../config/schema';
import type { Language } from '../config/schema';

/** Maps a customer's language tag (`de`, `de-AT`, `PL`) to a supported language, if there is one. */
export function normalizeLanguage(tag: string | undefined): Language | undefined {
  const primary = tag?.trim().toLowerCase().split(/[-_]/)[0];
  return SUPPORTED_LANGUAGES.find((l) => l === primary);
}

/**
 * Languages to try, best first: the requested one, then the configured default, then English,
 * so a missing translation degrades to a language someone on the team can read.
 */
export function languageChain(requested: string | undefined, defaultLanguage: Language): Language[] {
  const chain = [normalizeLanguage(requested), defaultLanguage, 'en' as const].filter((l): l is Language => l !== undefined);
  return [...new Set(chain)];
}
