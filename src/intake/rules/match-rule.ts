import type { IntakeChannel, IntakeMatchSpec, IntakeRuleSpec, IntakeRulesSpec } from './rules-schema';
import { findKeyword, keywordPattern } from './keyword-match';
import { parseDurationMs } from '../../flow/duration';

/** A request as routing sees it: channel, addresses, subject, text, language. */
export interface RoutingInput {
  channel: IntakeChannel;
  /** Sender address (lower-case), if the channel has one. */
  from?: string;
  /** Intake addresses the request was sent to (To and Cc). */
  to?: readonly string[];
  subject: string;
  text: string;
  language?: string;
}

/** The rule that matched, what it sets, and why it matched. */
export interface RouteDecision {
  rule: string;
  flow: string;
  priority?: string;
  fields: Record<string, string | number | boolean>;
  language?: string;
  topic?: string;
  /** One line per condition that held, or "default rule". */
  because: string[];
}

interface CompiledRule {
  spec: IntakeRuleSpec;
  test: (input: RoutingInput) => string[] | undefined;
}

/** Routing rules compiled once: first match wins; the last rule (no conditions) always matches. */
export class IntakeRules {
  private readonly rules: CompiledRule[];

  constructor(readonly spec: IntakeRulesSpec) {
    this.rules = spec.rules.map((rule) => ({ spec: rule, test: compile(rule.match) }));
  }

  /** The first rule that matches. Throws only if no rule does, which a linted file prevents. */
  route(input: RoutingInput): RouteDecision {
    for (const { spec, test } of this.rules) {
      const because = test(input);
      if (!because) continue;
      return {
        rule: spec.name,
        flow: spec.flow,
        ...(spec.priority ? { priority: spec.priority } : {}),
        fields: { ...(spec.fields ?? {}) },
        ...(spec.language ? { language: spec.language } : {}),
        ...(spec.topic ? { topic: spec.topic } : {}),
        because: because.length ? because : ['default rule'],
      };
    }
    throw new Error('no intake rule matched; flows/intake.yaml needs a last rule without match');
  }

  /** How long after closing a reply counts as a follow-up on this flow. */
  reopenWindowMs(flow: string | undefined): number {
    return parseDurationMs((flow !== undefined ? this.spec.reopen_windows[flow] : undefined) ?? this.spec.reopen_window);
  }
}

const list = <T>(value: T | T[] | undefined): T[] | undefined => (value === undefined ? undefined : Array.isArray(value) ? value : [value]);

/** An address matches itself; a domain matches every address at it (not its subdomains). */
export function addressMatches(pattern: string, address: string): boolean {
  const p = pattern.toLowerCase();
  const a = address.toLowerCase();
  return p.includes('@') ? p === a : a.endsWith(`@${p}`);
}

function compile(match: IntakeMatchSpec | undefined): (input: RoutingInput) => string[] | undefined {
  if (!match) return () => [];
  const channels = list(match.channel);
  const to = list(match.to);
  const from = list(match.from);
  const languages = list(match.language);
  const patterns = (words: string[] | undefined) => words?.map((keyword) => ({ keyword, pattern: keywordPattern(keyword) }));
  const subject = patterns(match.subject);
  const keywords = patterns(match.keywords);
  return (input) => {
    const because: string[] = [];
    if (channels) {
      if (!channels.includes(input.channel)) return undefined;
      because.push(`channel is ${input.channel}`);
    }
    if (to) {
      const hit = input.to?.find((address) => to.some((pattern) => addressMatches(pattern, address)));
      if (!hit) return undefined;
      because.push(`sent to ${hit}`);
    }
    if (from) {
      if (!input.from || !from.some((pattern) => addressMatches(pattern, input.from!))) return undefined;
      because.push(`sent by ${input.from}`);
    }
    if (subject) {
      const word = findKeyword(subject, input.subject);
      if (!word) return undefined;
      because.push(`subject contains "${word}"`);
    }
    if (keywords) {
      const word = findKeyword(keywords, `${input.subject}\n${input.text}`);
      if (!word) return undefined;
      because.push(`mentions "${word}"`);
    }
    if (languages) {
      if (!input.language || !languages.includes(input.language as 'de')) return undefined;
      because.push(`language is ${input.language}`);
    }
    return because;
  };
}
