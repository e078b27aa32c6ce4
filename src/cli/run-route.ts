import { join } from 'node:path';
import { z } from 'zod';
import { loadFlowDirectory } from '../flow/load-flow';
import { loadIntakeRulesOrThrow } from '../intake/rules/load-rules';
import type { RouteDecision } from '../intake/rules/match-rule';
import { INTAKE_CHANNELS } from '../intake/rules/rules-schema';
import { defaultFlowsDir } from '../runtime/flow-catalog';
import { SourceProblemsError } from '../source/problem';

const optionsSchema = z.object({
  channel: z.enum(INTAKE_CHANNELS),
  from: z.string().optional(),
  to: z.array(z.string()).optional(),
  subject: z.string().default(''),
  text: z.string().default(''),
  language: z.string().optional(),
  flows: z.string().optional(),
  json: z.boolean().optional(),
});

/** What `sopflow route` was asked. */
export type RouteOptions = z.input<typeof optionsSchema>;

/** Routes a message by `flows/intake.yaml` without starting anything; throws `SourceProblemsError` for bad rules. */
export function runRoute(raw: RouteOptions): { decision: RouteDecision; output: string } {
  const options = optionsSchema.parse(raw);
  const dir = options.flows ?? defaultFlowsDir();
  const loaded = loadFlowDirectory(dir);
  const errors = loaded.problems.filter((problem) => problem.severity === 'error');
  if (errors.length) throw new SourceProblemsError(errors);
  const rules = loadIntakeRulesOrThrow(dir, loaded.flows);
  const decision = rules.route({
    channel: options.channel,
    ...(options.from ? { from: options.from.toLowerCase() } : {}),
    ...(options.to ? { to: options.to.map((to) => to.toLowerCase()) } : {}),
    subject: options.subject,
    text: options.text,
    ...(options.language ? { language: options.language } : {}),
  });
  if (options.json) return { decision, output: `${JSON.stringify(decision, null, 2)}\n` };
  const fields = Object.entries(decision.fields).map(([name, value]) => `${name}=${String(value)}`);
  const lines = [
    `rule:     ${decision.rule} (${join(dir, 'intake.yaml')})`,
    `flow:     ${decision.flow}`,
    `priority: ${decision.priority ?? "the flow's default"}`,
    ...(fields.length ? [`fields:   ${fields.join(', ')}`] : []),
    ...(decision.language ? [`language: ${decision.language}`] : []),
    ...(decision.topic ? [`topic:    ${decision.topic}`] : []),
    `because:  ${decision.because.join('; ')}`,
  ];
  return { decision, output: `${lines.join('\n')}\n` };
}
