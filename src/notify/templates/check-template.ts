import { collectTemplateReferences } from './template-references';
import { splitMessageTemplate } from './message-template';
import { ALLOWED_TEMPLATE_VARIABLES, TEMPLATE_HELPERS } from './variables';

/** One problem in a template, with where it is (1-based line and column). */
export interface TemplateProblem {
  message: string;
  line: number;
  column: number;
  /** The unknown variable, when that is the problem. */
  variable?: string;
}

/** What `checkTemplate` accepts; defaults are the notification variables and helpers. */
export interface CheckTemplateOptions {
  allowedVariables?: readonly string[];
  helpers?: readonly string[];
}

function parseErrorPosition(message: string): { line: number; column: number } {
  const m = /line (\d+)/i.exec(message);
  return { line: m ? Number(m[1]) : 1, column: 1 };
}

/**
 * Checks a Handlebars template against the allowed variables and helpers; returns every
 * problem (empty when fine). Catches typos at lint time that strict rendering would only
 * hit when a ticket reaches that state.
 */
export function checkTemplate(source: string, options: CheckTemplateOptions = {}): TemplateProblem[] {
  const allowed = options.allowedVariables ?? ALLOWED_TEMPLATE_VARIABLES;
  const helpers = options.helpers ?? TEMPLATE_HELPERS;
  let refs;
  try {
    refs = collectTemplateReferences(source, helpers);
  } catch (err) {
    const message = (err as Error).message.split('\n')[0] ?? String(err);
    return [{ message: `syntax error: ${message}`, ...parseErrorPosition((err as Error).message) }];
  }
  const problems: TemplateProblem[] = [];
  for (const v of refs.variables) {
    if (!allowed.includes(v.name)) {
      problems.push({ message: `unknown variable "${v.name}"`, line: v.line, column: v.column + 1, variable: v.name });
    }
  }
  for (const h of refs.helpers) {
    if (!helpers.includes(h.name)) problems.push({ message: `unknown helper "${h.name}"`, line: h.line, column: h.column + 1 });
  }
  for (const u of refs.unsupported) {
    problems.push({ message: `"${u.name}" is not supported in notification templates (only ${helpers.join(', ')} and plain variables)`, line: u.line, column: u.column + 1 });
  }
  return problems.sort((a, b) => a.line - b.line || a.column - b.column);
}

/**
 * Checks a whole `<kind>.hbs` message file: everything `checkTemplate` checks, plus that the
 * subject line exists and names the ticket number (customers search their inbox by it).
 */
export function checkMessageTemplate(source: string, options: CheckTemplateOptions = {}): TemplateProblem[] {
  const problems = checkTemplate(source, options);
  const { subject, body } = splitMessageTemplate(source);
  if (subject === '') problems.unshift({ message: 'the first line must be the subject', line: 1, column: 1 });
  else {
    let subjectVariables: string[] | undefined;
    try {
      subjectVariables = collectTemplateReferences(subject, options.helpers ?? TEMPLATE_HELPERS).variables.map((v) => v.name);
    } catch {
      // Subject and body are rendered separately, so a block cannot span both.
      problems.unshift({ message: 'the subject line must be a complete template on its own', line: 1, column: 1 });
    }
    if (subjectVariables && !subjectVariables.includes('ticket.number')) {
      problems.unshift({ message: 'the subject (first line) must contain {{ticket.number}}', line: 1, column: 1 });
    }
  }
  if (body.trim() === '') problems.push({ message: 'the body after the subject line is empty', line: 2, column: 1 });
  return problems;
}
