import { z } from 'zod';
import { localizedTextSchema } from './localized-text';
import { isReservedKey, RESERVED_KEY_REASON } from '../source/reserved-keys';
import { TIERS } from './tier';

/**
 * The SOP flow language: what a process owner may write in `flows/*.yaml`.
 * One schema, one type; the JSON Schema for editors is generated from it.
 * Every object is strict so that a typo is an error, never silently ignored.
 */

/** Names of states and payload fields: lower snake case, readable in diagrams and URLs. */
export const stateNameSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]*$/, 'state names are lower_snake_case, starting with a letter')
  .refine((name) => !isReservedKey(name), RESERVED_KEY_REASON)
  .meta({ description: 'Name of a state in this flow (lower_snake_case).' });

/** Event names are UPPER_SNAKE_CASE so they stand out from states in a flow file. */
export const eventNameSchema = z
  .string()
  .regex(/^[A-Z][A-Z0-9_]*$/, 'event names are UPPER_SNAKE_CASE, starting with a letter')
  .meta({ description: 'Name of an event (UPPER_SNAKE_CASE), e.g. RESOLVE or CUSTOMER_REPLIED.' });

/** A field path: `resolution`, `identity.verified`. */
export const fieldPathSchema = z
  .string()
  .regex(/^[a-z][a-zA-Z0-9_]*(\.[a-z][a-zA-Z0-9_]*)*$/, 'field paths are names joined by dots, e.g. identity.verified')
  .refine((path) => !path.split('.').some(isReservedKey), RESERVED_KEY_REASON)
  .meta({ description: 'A field name, or names joined by dots (identity.verified).' });

/** The support tiers: first, second and third level. */
export const tierSchema = z.enum(TIERS).meta({ description: 'Support level that works the ticket in this state.' });
export type { Tier } from './tier';

/** A duration such as `30m`, `4h`, `1h30m`, `2d`; SLA targets count it in business time. */
export const durationSchema = z
  .string()
  .regex(/^(?=\d)(\d+d)?(\d+h)?(\d+m)?(\d+s)?$/, "durations look like '30m', '4h', '1h30m' or '2d'")
  .meta({ description: "Duration: days (d), hours (h), minutes (m), seconds (s), e.g. '4h' or '1h30m'." });

/** A target per priority (`{ P1: 1h, P2: 4h }`) or one target for every priority (`4h`). */
export const targetSchema = z.union([durationSchema, z.record(z.string(), durationSchema)]).meta({
  description: 'One duration for every priority, or a duration per priority (P1: 1h, P2: 4h, …).',
});
export type Target = z.infer<typeof targetSchema>;

/** Warning thresholds as percentages of the target that has elapsed. */
export const warnAtSchema = z
  .array(z.number().int().min(1).max(99))
  .meta({ description: 'Warn when this share (percent) of the SLA target has elapsed, e.g. [75, 90].' });

/** Types a payload or ticket field may have. */
export const fieldTypeSchema = z.enum(['text', 'number', 'boolean', 'date', 'choice', 'email']);
export type FieldType = z.infer<typeof fieldTypeSchema>;

/** A declared field of an event payload or of the ticket. */
export const fieldSpecSchema = z
  .strictObject({
    type: fieldTypeSchema,
    title: z.string().optional().meta({ description: 'Label shown to agents.' }),
    required: z.boolean().optional().meta({ description: 'The event is refused without this field.' }),
    /** Allowed values of a `choice` field. */
    choices: z
      .array(z.union([z.string(), z.number()]))
      .min(1)
      .optional()
      .meta({ description: 'The allowed values of a choice field.' }),
    /** The customer reads this text: the mail the event causes and the portal's discussion show it (a question, a resolution). */
    to_customer: z
      .boolean()
      .optional()
      .meta({ description: "An event's text field the customer reads: the customer's mail for the event and their portal show it (a question to them, the resolution)." }),
  })
  .refine((spec) => spec.to_customer !== true || spec.type === 'text', { error: 'to_customer: only a text field is sent to the customer', path: ['to_customer'] })
  .meta({ description: 'A typed field: text, number, boolean, date (ISO 8601), choice (with choices) or email.' });
export type FieldSpec = z.infer<typeof fieldSpecSchema>;

/** A declared event: what can happen to a ticket, with its payload. */
export const eventSpecSchema = z
  .strictObject({
    title: localizedTextSchema
      .optional()
      .meta({ description: "Name of the event on the agent's form and button: a text, or one per language ({ de: …, en: …, pl: … })." }),
    description: z.string().optional(),
    fields: z
      .record(fieldPathSchema, fieldSpecSchema)
      .optional()
      .meta({ description: 'Payload fields the event carries; they become ticket fields when the event is accepted.' }),
  })
  .meta({ description: 'Something that can happen to a ticket, with the data it carries.' });
export type EventSpec = z.infer<typeof eventSpecSchema>;

const scalarSchema = z.union([z.string(), z.number(), z.boolean()]);

/** A comparison of one ticket field (`field:`) or event payload field (`event:`) with a value. */
export const comparisonSchema = z
  .strictObject({
    field: fieldPathSchema.optional(),
    event: fieldPathSchema.optional(),
    equals: scalarSchema.optional(),
    not_equals: scalarSchema.optional(),
    in: z.array(scalarSchema).optional(),
    not_in: z.array(scalarSchema).optional(),
    gt: z.union([z.number(), z.string()]).optional(),
    gte: z.union([z.number(), z.string()]).optional(),
    lt: z.union([z.number(), z.string()]).optional(),
    lte: z.union([z.number(), z.string()]).optional(),
    exists: z.boolean().optional(),
  })
  .superRefine((value, ctx) => {
    if ((value.field === undefined) === (value.event === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'a condition names exactly one of `field:` (ticket) or `event:` (payload)' });
    }
    const operators = ['equals', 'not_equals', 'in', 'not_in', 'gt', 'gte', 'lt', 'lte', 'exists'].filter(
      (key) => value[key as keyof typeof value] !== undefined,
    );
    if (operators.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        message: 'a condition has exactly one operator: equals, not_equals, in, not_in, gt, gte, lt, lte or exists',
      });
    }
  });
export type Comparison = z.infer<typeof comparisonSchema>;

/** A declarative condition: comparisons combined with all / any / not. Never code. */
export type Condition = Comparison | { all: Condition[] } | { any: Condition[] } | { not: Condition };
// Only the recursion point is lazy: zod builds a lazy body once, on the first parse, so the
// combinators below are built when the module loads, like every other schema in this file.
const nestedConditionSchema: z.ZodType<Condition> = z.lazy(() => conditionSchema);
export const conditionSchema: z.ZodType<Condition> = z.union([
  z.strictObject({ all: z.array(nestedConditionSchema).min(1) }),
  z.strictObject({ any: z.array(nestedConditionSchema).min(1) }),
  z.strictObject({ not: nestedConditionSchema }),
  comparisonSchema,
]);

/** Who a notification goes to. */
export const audienceSchema = z.enum(['customer', 'team', 'assignee', 'escalation_manager']);
export type Audience = z.infer<typeof audienceSchema>;

/** Entry/transition actions, by name; their implementations live in code, never in YAML. */
export const actionSchema = z.union([
  z
    .strictObject({ notify: audienceSchema, template: z.string().regex(/^[a-z][a-z0-9_]*$/).optional() })
    .meta({ description: 'Send a notification to an audience, with an optional template kind.' }),
  z
    .strictObject({ assign: tierSchema, skill: z.string().optional() })
    .meta({ description: "Assign the ticket to an agent of the tier's pool." }),
  z
    .strictObject({ set: z.strictObject({ field: fieldPathSchema, value: scalarSchema }) })
    .meta({ description: 'Set a ticket field to a fixed value.' }),
]);
export type Action = z.infer<typeof actionSchema>;

/** A transition: a target state, optionally guarded, optionally marked as a de-escalation. */
export const transitionObjectSchema = z.strictObject({
  target: stateNameSchema,
  when: conditionSchema.optional().meta({ description: 'Take this transition only when the condition holds.' }),
  /** Allows moving down a tier (L2 -> L1) or skipping tiers, which the linter otherwise refuses. */
  deescalate: z
    .boolean()
    .optional()
    .meta({ description: 'Allow moving down a tier (L2 to L1) or skipping one; refused otherwise.' }),
  description: z.string().optional(),
  actions: z.array(actionSchema).optional().meta({ description: 'Actions run when the transition is taken.' }),
});
export type TransitionObject = z.infer<typeof transitionObjectSchema>;

/** One or more transitions for an event; with several, the first whose `when` holds is taken. */
export const transitionSchema = z.union([stateNameSchema, transitionObjectSchema, z.array(transitionObjectSchema).min(1)]);
export type TransitionSpec = z.infer<typeof transitionSchema>;

/** What happens when a state's SLA is breached. */
export const breachActionSchema = z
  .union([z.enum(['escalate', 'notify']), z.strictObject({ goto: stateNameSchema })])
  .meta({
    description:
      "escalate: take this state's transition to the next tier (at L3: notify the escalation manager); notify: only notify; goto: move to a state.",
  });
export type BreachAction = z.infer<typeof breachActionSchema>;

/** The due date of a working state: how much business time the ticket may spend in it. */
export const stateSlaSchema = z
  .strictObject({
    due: targetSchema,
    warn_at: warnAtSchema.optional(),
    on_breach: breachActionSchema.optional(),
  })
  .meta({ description: 'Due date of the state in business time; escalates by default when breached.' });
export type StateSla = z.infer<typeof stateSlaSchema>;

/** A state of the ticket. */
export const stateSchema = z
  .strictObject({
    title: localizedTextSchema.optional().meta({ description: 'Short name shown to agents and customers: a text, or one per language ({ de: …, en: …, pl: … }).' }),
    description: localizedTextSchema
      .optional()
      .meta({ description: 'What is done in this state, in words for the customer (portal, mails): a text, or one per language.' }),
    instructions: localizedTextSchema
      .optional()
      .meta({ description: 'What the agent must do in this state (agent ticket page only, never shown to the customer): a text, or one per language.' }),
    tier: tierSchema.optional(),
    /** Waiting on someone outside support (usually the customer): SLA clocks pause. */
    waiting: z
      .boolean()
      .optional()
      .meta({ description: 'Waiting on someone outside support (usually the customer): SLA clocks pause.' }),
    /** The ticket is done (resolved, closed, cancelled): clocks stop. */
    final: z.boolean().optional().meta({ description: 'The ticket is done (resolved, closed, cancelled): clocks stop.' }),
    sla: stateSlaSchema.optional(),
    /** The event a customer's reply (mail, portal, API) sends while the ticket is in this state. */
    on_customer_reply: eventNameSchema
      .optional()
      .meta({ description: "The event a customer's reply (by mail, portal or API) sends in this state, e.g. CUSTOMER_REPLIED; the state must accept it." }),
    entry: z.array(actionSchema).optional().meta({ description: 'Actions run whenever the ticket enters this state.' }),
    on: z
      .record(eventNameSchema, transitionSchema)
      .optional()
      .meta({ description: 'Per event, the state to move to: a name, or a transition, or a list tried in order.' }),
    /** Wall-clock timeouts, e.g. close a ticket after 5 days without a customer reply. */
    after: z
      .record(z.string(), z.union([stateNameSchema, transitionObjectSchema]))
      .optional()
      .meta({ description: "Wall-clock timeouts, e.g. '5d': closed (close after 5 days without a reply)." }),
  })
  .meta({ description: 'A state of the ticket: working (with a tier), waiting, or final.' });
export type StateSpec = z.infer<typeof stateSchema>;

/** Ticket-wide SLA targets (like the SLA of Zammad or Jira Service Management). */
export const flowSlaSchema = z
  .strictObject({
    /** Met when the ticket first leaves its initial state. */
    first_response: targetSchema.optional().meta({ description: 'Met when the ticket first leaves its initial state.' }),
    /** Runs across all working states, pauses while waiting, met at a final state. */
    resolution: targetSchema
      .optional()
      .meta({ description: 'Runs across all working states, pauses while waiting, met at a final state.' }),
    warn_at: warnAtSchema.optional(),
  })
  .meta({ description: 'Ticket-wide SLA targets, counted in business time of the calendar.' });
export type FlowSla = z.infer<typeof flowSlaSchema>;

/** A whole SOP flow file. */
export const flowSchema = z
  .strictObject({
    $schema: z.string().optional().meta({ description: 'JSON Schema for editors.' }),
    id: z
      .string()
      .regex(/^[a-z][a-z0-9-]*$/, 'flow ids are lower-kebab-case, e.g. password-reset')
      .meta({ description: 'Unique id of the flow (lower-kebab-case), e.g. password-reset.' }),
    version: z.number().int().min(1).meta({ description: 'Raise it with every change; running tickets keep their version.' }),
    title: z.string().min(1).meta({ description: 'Name of the procedure.' }),
    description: z.string().optional().meta({ description: 'What the procedure is for and when it applies.' }),
    owner: z.string().optional().meta({ description: 'Who maintains this procedure.' }),
    /** Name of a business calendar in `flows/calendars.yaml`; default `24x7`. */
    calendar: z
      .string()
      .optional()
      .meta({ description: 'Business calendar of the SLA clocks, from flows/calendars.yaml; default 24x7.' }),
    priorities: z
      .array(z.string().regex(/^[A-Za-z0-9_-]+$/))
      .min(1)
      .optional()
      .meta({ description: 'Ticket priorities, most urgent first; default P1, P2, P3, P4.' }),
    /** The state a new ticket starts in; default: the first state listed. */
    initial: stateNameSchema.optional(),
    /** Ticket fields the flow reads in conditions, with their types. */
    fields: z
      .record(fieldPathSchema, fieldSpecSchema)
      .optional()
      .meta({ description: 'Ticket fields the flow reads in conditions, with their types.' }),
    sla: flowSlaSchema.optional(),
    events: z
      .record(eventNameSchema, eventSpecSchema.nullable())
      .meta({ description: 'Everything that can happen to a ticket of this flow.' }),
    states: z
      .record(stateNameSchema, stateSchema)
      .meta({ description: 'The states of a ticket; the first is the initial state unless `initial` says otherwise.' }),
  })
  .meta({ title: 'sopflow flow', description: 'A Standard Operating Procedure as a sopflow flow.' });
export type FlowSpec = z.infer<typeof flowSchema>;

/** Priorities used when a flow does not list its own. */
export const DEFAULT_PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const;
