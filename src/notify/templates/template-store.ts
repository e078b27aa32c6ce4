import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import type { Language } from '../../config/schema';
import { splitMessageTemplate } from './message-template';
import { TemplateError } from './template-error';
import type { TemplateValues } from './variables';

/** A rendered notification. */
export interface RenderedMessage {
  subject: string;
  body: string;
  /** The language actually used (after fallback). */
  language: Language;
  /** The template file it came from. */
  file: string;
}

interface CompiledMessage {
  subject: HandlebarsTemplateDelegate;
  body: HandlebarsTemplateDelegate;
}

// Kinds and audiences become file names, so keep them to safe characters.
const NAME = /^[a-z][a-z0-9_]*$/;

// strict: a name outside the context throws instead of rendering as ""; noEscape: these are plain-text
// messages, HTML escaping would put "&amp;" into mails and SMS; knownHelpersOnly: no helper can sneak in.
const COMPILE_OPTIONS: CompileOptions = { strict: true, noEscape: true, knownHelpers: { eq: true }, knownHelpersOnly: true };

function createHandlebars(): typeof Handlebars {
  const hb = Handlebars.create();
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  return hb;
}

/** Turns `{'ticket.number': 'X'}` into `{ ticket: { number: 'X' } }` for Handlebars. */
function nest(values: TemplateValues): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [path, value] of Object.entries(values)) {
    const parts = path.split('.');
    let node = root;
    parts.slice(0, -1).forEach((p) => {
      node = (node[p] ??= {}) as Record<string, unknown>;
    });
    node[parts[parts.length - 1] ?? path] = value;
  }
  return root;
}

/**
 * Finds and renders `templates/<lang>/<kind>[.<audience>|.internal].hbs`. The most specific file
 * wins over language preference, because a customer text sent to an agent is worse than an
 * agent text in the fallback language.
 */
export class TemplateStore {
  private readonly hb = createHandlebars();
  private readonly compiled = new Map<string, CompiledMessage>();

  constructor(readonly dir: string) {}

  /** The file that would be used for kind/audience, trying `languages` in order. */
  find(kind: string, audience: string, languages: readonly Language[]): { file: string; language: Language } | undefined {
    if (!NAME.test(kind)) throw new TemplateError(`invalid template kind "${kind}" (lower-case letters, digits and _)`, `${kind}/${audience}`);
    // Staff audiences share `<kind>.internal` (facts, no customer courtesy text) before the generic file.
    const names = audience === 'customer' ? [`${kind}.customer`, kind] : [`${kind}.${audience}`, `${kind}.internal`, kind];
    for (const name of names) {
      for (const language of languages) {
        const file = join(this.dir, language, `${name}.hbs`);
        if (existsSync(file)) return { file, language };
      }
    }
    return undefined;
  }

  /** Renders kind/audience in the first language of `languages` that has a template. */
  render(kind: string, audience: string, languages: readonly Language[], values: TemplateValues): RenderedMessage {
    const found = this.find(kind, audience, languages);
    if (!found) {
      throw new TemplateError(`no template in ${languages.join(', ')} under ${this.dir}`, `${kind}/${audience}`);
    }
    const template = this.compile(found.file);
    const context = nest(values);
    let subject: string;
    let body: string;
    try {
      subject = template.subject(context).replace(/\s+/g, ' ').trim();
      body = template.body(context).replace(/[ \t]+$/gm, '').replace(/\n{3,}/g, '\n\n').trim() + '\n';
    } catch (err) {
      throw new TemplateError((err as Error).message, found.file);
    }
    // Customers find and threads group mails by the ticket number; never send a subject without it.
    const number = values['ticket.number'];
    if (!subject.includes(number)) subject = `[${number}] ${subject}`;
    return { subject, body, language: found.language, file: found.file };
  }

  private compile(file: string): CompiledMessage {
    const cached = this.compiled.get(file);
    if (cached) return cached;
    const { subject, body } = splitMessageTemplate(readFileSync(file, 'utf8'));
    let compiled: CompiledMessage;
    try {
      compiled = { subject: this.hb.compile(subject, COMPILE_OPTIONS), body: this.hb.compile(body, COMPILE_OPTIONS) };
    } catch (err) {
      throw new TemplateError((err as Error).message, file);
    }
    this.compiled.set(file, compiled);
    return compiled;
  }
}
