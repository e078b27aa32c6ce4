import { z } from 'zod';

/** Languages a flow may write its customer-facing texts in (the languages of the templates). */
export const FLOW_LANGUAGES = ['de', 'en', 'pl'] as const;
/** One of the flow languages. */
export type FlowLanguage = (typeof FLOW_LANGUAGES)[number];

/** A text per language; at least one is given. */
export type LocalizedTexts = Partial<Record<FlowLanguage, string>>;

/** A text written once for everybody, or once per language (`{ de: …, en: …, pl: … }`). */
export const localizedTextSchema = z
  .union([
    z.string(),
    z
      .strictObject({ de: z.string().min(1).optional(), en: z.string().min(1).optional(), pl: z.string().min(1).optional() })
      .refine((texts) => Object.keys(texts).length > 0, { message: 'a localized text names at least one of de, en, pl' }),
  ])
  .meta({ description: 'A plain text, or one text per language: { de: …, en: …, pl: … }.' });
/** A text as written in a flow file. */
export type LocalizedTextSpec = z.infer<typeof localizedTextSchema>;

/** The text for tools without a language (diagrams, CLI, logs): English, else the first one written. */
export function defaultText(spec: LocalizedTextSpec): string {
  if (typeof spec === 'string') return spec;
  return spec.en ?? spec.de ?? spec.pl ?? '';
}

/** The per-language texts of a spec, or undefined for a plain string. */
export function localizedTexts(spec: LocalizedTextSpec | undefined): LocalizedTexts | undefined {
  if (spec === undefined || typeof spec === 'string') return undefined;
  const texts: LocalizedTexts = {};
  for (const language of FLOW_LANGUAGES) {
    const text = spec[language];
    if (text !== undefined) texts[language] = text;
  }
  return texts;
}

/** Picks the text for a language: its own, else the fallback (the plain or default text). */
export function pickText(texts: LocalizedTexts | undefined, fallback: string, language: string | undefined): string {
  const own = language ? texts?.[language as FlowLanguage] : undefined;
  return own ?? fallback;
}
