import type { FlowDefinition } from '../../flow/definition';
import type { PositionedYaml } from '../../source/positioned-yaml';
import type { SourceProblem } from '../../source/problem';
import { didYouMean } from '../../source/suggest';
import { fieldTypeProblem } from '../../ticket/payload';
import { addressMatches } from './match-rule';
import type { IntakeMatchSpec, IntakeRulesSpec } from './rules-schema';

/**
 * Cross-checks `flows/intake.yaml` against the flows: every rule's flow exists, its priority and
 * fields are the flow's, the last rule is the default (no `match`) and no rule is shadowed by an
 * earlier one that matches everything it matches (it could never fire).
 */
export function lintIntakeRules(spec: IntakeRulesSpec, flows: readonly FlowDefinition[], source: PositionedYaml): SourceProblem[] {
  const problems: SourceProblem[] = [];
  const at = (path: Array<string | number>, rule: string, message: string, hint?: string, on: 'key' | 'value' = 'value'): void => {
    problems.push({ file: source.file, ...source.positionOf(path, on), message, ...(hint ? { hint } : {}), severity: 'error', rule });
  };
  const byId = new Map(flows.map((flow) => [flow.id, flow]));
  const names = new Map<string, number>();
  spec.rules.forEach((rule, i) => {
    const first = names.get(rule.name);
    if (first !== undefined) at(['rules', i, 'name'], 'rule-name', `rule name '${rule.name}' is already used by rules[${first}]`, 'give every rule its own name');
    else names.set(rule.name, i);
    const flow = byId.get(rule.flow);
    if (!flow) {
      at(['rules', i, 'flow'], 'rule-flow', `rule '${rule.name}': unknown flow '${rule.flow}'`, didYouMean(rule.flow, byId.keys()) ?? `known flows: ${[...byId.keys()].join(', ')}`);
      return;
    }
    if (rule.priority && !flow.priorities.includes(rule.priority)) {
      at(['rules', i, 'priority'], 'rule-priority', `rule '${rule.name}': flow '${flow.id}' has no priority '${rule.priority}'`, `use one of ${flow.priorities.join(', ')}`);
    }
    for (const [name, value] of Object.entries(rule.fields ?? {})) {
      const field = flow.fields[name];
      if (!field) {
        at(['rules', i, 'fields', name], 'rule-fields', `rule '${rule.name}': flow '${flow.id}' declares no field '${name}'`, didYouMean(name, Object.keys(flow.fields)) ?? `declared fields: ${Object.keys(flow.fields).join(', ') || 'none'}`, 'key');
        continue;
      }
      const problem = fieldTypeProblem(field, value);
      if (problem) at(['rules', i, 'fields', name], 'rule-fields', `rule '${rule.name}': field '${name}' ${problem}`);
    }
  });
  for (const flow of Object.keys(spec.reopen_windows)) {
    if (!byId.has(flow)) at(['reopen_windows', flow], 'rule-flow', `reopen_windows: unknown flow '${flow}'`, didYouMean(flow, byId.keys()), 'key');
  }
  const last = spec.rules.length - 1;
  if (spec.rules[last]?.match !== undefined) {
    at(['rules', last], 'default-rule', `the last rule ('${spec.rules[last]!.name}') has conditions: a default rule is required`, 'end the list with a rule without match; it takes every request no other rule took');
  }
  spec.rules.forEach((rule, i) => {
    for (let j = 0; j < i; j++) {
      const earlier = spec.rules[j]!;
      if (covers(earlier.match, rule.match)) {
        at(['rules', i, 'name'], 'shadowed-rule', `rule '${rule.name}' can never match: rule '${earlier.name}' before it matches everything it matches`, 'move it above that rule or narrow the earlier one');
        break;
      }
    }
  });
  return problems;
}

const values = <T>(value: T | T[] | undefined): T[] | undefined => (value === undefined ? undefined : Array.isArray(value) ? value : [value]);
const folded = (word: string): string => word.normalize('NFC').toLocaleLowerCase().replace(/\s+/g, ' ').trim();

/** True when every request `later` matches is matched by `earlier` too. */
function covers(earlier: IntakeMatchSpec | undefined, later: IntakeMatchSpec | undefined): boolean {
  if (!earlier) return true;
  const l = later ?? {};
  const subset = <T>(a: T[] | undefined, b: T[] | undefined, within: (x: T, y: T) => boolean): boolean =>
    a === undefined || (b !== undefined && b.every((x) => a.some((y) => within(x, y))));
  const same = <T>(x: T, y: T): boolean => x === y;
  // An address is covered by itself or its domain; a domain only by itself.
  const address = (x: string, pattern: string): boolean => folded(x) === folded(pattern) || (x.includes('@') && addressMatches(pattern, x));
  const word = (x: string, y: string): boolean => folded(x) === folded(y);
  const keywordsCovered =
    earlier.keywords === undefined ||
    subset(earlier.keywords, l.keywords, word) ||
    subset(earlier.keywords, l.subject, word);
  return (
    subset(values(earlier.channel), values(l.channel), same) &&
    subset(values(earlier.to), values(l.to), address) &&
    subset(values(earlier.from), values(l.from), address) &&
    subset(earlier.subject, l.subject, word) &&
    keywordsCovered &&
    subset(values(earlier.language), values(l.language), same)
  );
}
