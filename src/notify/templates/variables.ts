/**
 * Every variable a notification template may use, with what it holds. This is the one list:
 * the renderer fills exactly these, `checkTemplate` rejects anything else, and the flow linter
 * imports it to check templates that flows bring along.
 */
export const TEMPLATE_VARIABLES = {
  'ticket.number': 'Ticket number, e.g. SD-2025-00042; every subject line contains it',
  'ticket.subject': 'Subject the customer gave the ticket',
  'ticket.state': 'Id of the current flow state, e.g. waiting_for_customer',
  'ticket.stateTitle': 'Human title of the current flow state',
  'ticket.tier': 'Support tier now responsible (L1, L2, L3), empty if none',
  'ticket.priority': 'Priority, e.g. high',
  'ticket.assignee': 'Name of the agent who now owns the ticket, empty if unassigned',
  'ticket.dueAt': "SLA due date, formatted in the reader's language and the calendar's time zone; empty if none",
  'ticket.slaStatus': 'SLA status: ok, warning, breached or paused',
  'ticket.customerName': 'Name of the customer, empty if unknown',
  'ticket.customerEmail': 'E-mail address of the customer, empty if unknown (for team messages)',
  previousAssignee: 'Name of the agent who owned the ticket before a hand-over, empty if none',
  reason: 'Why this happened: escalation, absence, sla_breach, expertise, customer_request or free text',
  event: 'Name of the flow event that caused the notification, empty if none',
  message: "Text of the customer's message that caused the notification (staff messages only), empty otherwise",
  link: 'Portal link to the ticket',
  'flow.id': 'Id of the SOP flow handling the ticket',
  'flow.title': 'Title of the SOP flow handling the ticket',
} as const satisfies Record<string, string>;

/** One allowed template variable path, e.g. `ticket.number`. */
export type TemplateVariable = keyof typeof TEMPLATE_VARIABLES;

/** The allowed variable paths as a list. */
export const ALLOWED_TEMPLATE_VARIABLES: readonly TemplateVariable[] = Object.keys(TEMPLATE_VARIABLES) as TemplateVariable[];

/** Helpers templates may call: Handlebars' own conditionals plus `eq` for choosing text by reason. */
export const TEMPLATE_HELPERS = ['if', 'unless', 'eq'] as const;

/** The values a template is rendered with: one string per allowed variable, nested by path. */
export type TemplateValues = Record<TemplateVariable, string>;
