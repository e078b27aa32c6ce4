import { z } from 'zod';
import { parseDurationMs } from '../../flow/duration';
import { INTAKE_CHANNELS } from './intake-channels';
import type { IntakeChannel } from './intake-channels';

export { INTAKE_CHANNELS };
export type { IntakeChannel };

const words = z.array(z.string().trim().min(1, { error: 'must not be empty' })).min(1, { error: 'list at least one value' });
const oneOrMany = <T extends z.ZodType>(item: T) => z.union([item, z.array(item).min(1, { error: 'list at least one value' })]);
const duration = z.string().refine(
  (v) => {
    try {
      return parseDurationMs(v) > 0;
    } catch {
      return false;
    }
  },
  { error: "must be a duration such as '7d' or '36h'" },
);
const addressOrDomain = z
  .string()
  .trim()
  .regex(/^([^@\s]+@)?[a-z0-9.-]+\.[a-z]{2,}$/i, { error: 'must be an address (anna@example.org) or a domain (example.org)' });
const language = z.enum(['de', 'en', 'pl']);

/** What a rule matches; every condition given must hold, a list matches any of its values. */
const matchSchema = z.strictObject({
  /** Arrival channel. */
  channel: oneOrMany(z.enum(INTAKE_CHANNELS)).optional(),
  /** Intake address the mail was sent to (To or Cc). */
  to: oneOrMany(addressOrDomain).optional(),
  /** Sender address or domain. */
  from: oneOrMany(addressOrDomain).optional(),
  /** Whole words or phrases in the subject (case-insensitive). */
  subject: words.optional(),
  /** Whole words or phrases in the subject or the text (case-insensitive). */
  keywords: words.optional(),
  /** Language of the message (Content-Language, or as the API caller says). */
  language: oneOrMany(language).optional(),
});

const ruleSchema = z.strictObject({
  /** Shown by `sopflow route` and written to the timeline. */
  name: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, { error: 'rule names are lower-case letters, digits, "_" and "-"' }),
  description: z.string().optional(),
  /** Conditions; a rule without `match` is the default and must come last. */
  match: matchSchema.optional(),
  flow: z.string().min(1),
  priority: z.string().min(1).optional(),
  /** Ticket fields to set; they must be declared by the flow. */
  fields: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  /** Language of the ticket's messages; default: the message's own, then the config default. */
  language: language.optional(),
  /** One open ticket per customer and topic: requests on the same topic attach to the open one. */
  topic: z.string().min(1).optional(),
});

/** The zod schema of `flows/intake.yaml`. */
export const intakeRulesSchema = z.strictObject({
  /** After a ticket closed, a reply still opens a linked follow-up on its flow for this long. */
  reopen_window: duration.default('7d'),
  /** Per-flow reopen windows, overriding `reopen_window`. */
  reopen_windows: z.record(z.string(), duration).default({}),
  rules: z.array(ruleSchema).min(1, { error: 'list at least one rule: the last one, without match, is the default' }),
});

/** `flows/intake.yaml` as written (defaults filled in). */
export type IntakeRulesSpec = z.output<typeof intakeRulesSchema>;
/** One routing rule as written. */
export type IntakeRuleSpec = IntakeRulesSpec['rules'][number];
/** A rule's conditions as written. */
export type IntakeMatchSpec = NonNullable<IntakeRuleSpec['match']>;
