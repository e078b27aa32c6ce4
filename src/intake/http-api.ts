import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { TicketClient } from '../client/ticket-client';
import type { ApiClient } from './api-auth';
import { clientOfToken } from './api-auth';
import type { IntakeCore } from './intake-core';
import { IntakeRetryLaterError } from './intake-errors';
import type { IntakeOutcome, IntakeRequest } from './intake-request';
import { ticketNumbersIn } from './ticket-reference';
import { replyText } from './reply-text';
import type { IntakeChannel } from './rules/rules-schema';

/** What the intake API routes need. */
export interface IntakeApiOptions {
  core: IntakeCore;
  /** For `404` on a message to a ticket that does not exist. */
  tickets: TicketClient;
  clients: readonly ApiClient[];
}

const text = (max: number) => z.string().trim().min(1, { error: 'must not be empty' }).max(max, { error: `must be at most ${max} characters` });
const customerSchema = z
  .strictObject({
    id: text(200).optional(),
    name: text(200).optional(),
    email: z.email({ error: 'must be an e-mail address' }).optional(),
    phone: z.string().regex(/^\+?[0-9 ()/-]{5,20}$/, { error: 'must be a phone number such as +49 341 1234567' }).optional(),
    language: z.enum(['de', 'en', 'pl']).optional(),
  })
  .refine((c) => c.id !== undefined || c.email !== undefined || c.phone !== undefined, { error: 'needs an id, an email or a phone number' });
const fieldsSchema = z.record(z.string().regex(/^[a-z][a-z0-9_]*$/, { error: 'field names are lower-case letters, digits and "_"' }), z.union([z.string().max(2000), z.number(), z.boolean()]));

/** `POST /api/tickets`: a new request from a phone system, an SMS gateway, a social-media connector or a web form. */
const newTicketSchema = z.strictObject({
  customer: customerSchema,
  subject: text(300),
  text: text(32_000),
  language: z.enum(['de', 'en', 'pl']).optional(),
  /** Ticket fields, checked against the routed flow's declarations. */
  fields: fieldsSchema.optional(),
});

/** `POST /api/tickets/<number>/messages`: a customer's message about a ticket. */
const messageSchema = z.strictObject({
  from: customerSchema,
  text: text(32_000),
  subject: text(300).optional(),
});

const KEY_HEADER = 'idempotency-key';

/**
 * The HTTP intake API as a Fastify plugin: bearer token per client (401 without), JSON bodies
 * validated with zod (400 naming each field path), an `Idempotency-Key` header honoured (a retry
 * answers like the first try and changes nothing), and the same loop-free core as mail: routing
 * rules, threading, dedupe through Temporal. Register it on the web server, or on its own app.
 */
export const intakeApiPlugin: FastifyPluginAsync<IntakeApiOptions> = async (app, options) => {
  // Errors of this plugin's routes (bad JSON, too large) answer in the same shape as validation errors.
  app.setErrorHandler((error: { statusCode?: number; message: string }, _request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    void reply.code(status).send({ error: status === 500 ? 'internal error' : error.message });
  });
  app.addHook('onRequest', async (request, reply) => {
    const client = clientOfToken(request.headers.authorization, options.clients);
    if (!client) {
      return reply.code(401).header('WWW-Authenticate', 'Bearer realm="sopflow intake"').send({ error: 'a valid bearer token is required (Authorization: Bearer <token>)' });
    }
    (request as FastifyRequest & { apiClient?: ApiClient }).apiClient = client;
    return undefined;
  });

  app.post('/api/tickets', async (request, reply) => {
    const body = parse(newTicketSchema, request.body, reply);
    if (!body) return reply;
    const client = clientOf(request);
    const key = keyOf(request, reply, client);
    if (!key) return reply;
    const intake: IntakeRequest = {
      ...base(client, key, body.customer),
      subject: body.subject,
      text: body.text,
      replyText: body.text,
      ...(body.language ? { language: body.language } : {}),
      ...(ticketNumbersIn(body.subject)[0] ? { ticketNamed: ticketNumbersIn(body.subject)[0]! } : {}),
      ...(body.fields ? { fields: body.fields } : {}),
    };
    return answer(reply, () => options.core.receive(intake));
  });

  app.post<{ Params: { number: string } }>('/api/tickets/:number/messages', async (request, reply) => {
    const body = parse(messageSchema, request.body, reply);
    if (!body) return reply;
    const number = request.params.number.toUpperCase();
    const client = clientOf(request);
    const key = keyOf(request, reply, client);
    if (!key) return reply;
    try {
      if (!(await options.tickets.summary(number))) return reply.code(404).send({ error: `no ticket '${number}'` });
    } catch (error) {
      return unavailable(reply, new IntakeRetryLaterError(error instanceof Error ? error.message : String(error)));
    }
    const intake: IntakeRequest = {
      ...base(client, key, body.from),
      subject: body.subject ?? '',
      text: body.text,
      replyText: replyText(body.text),
      ticketNamed: number,
    };
    return answer(reply, () => options.core.receive(intake));
  });
};

/** Registers the intake API's routes on a Fastify instance (the web server's, or a bare one). */
export async function registerIntakeApi(app: FastifyInstance, options: IntakeApiOptions): Promise<void> {
  await app.register(intakeApiPlugin, options);
}

function clientOf(request: FastifyRequest): ApiClient {
  return (request as FastifyRequest & { apiClient: ApiClient }).apiClient;
}

function parse<S extends z.ZodType>(schema: S, body: unknown, reply: FastifyReply): z.output<S> | undefined {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(body)',
    message: issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : issue.code === 'unrecognized_keys' ? `unknown field(s): ${issue.keys.join(', ')}` : issue.message,
  }));
  void reply.code(400).send({ error: `invalid request: ${issues.map((issue) => `${issue.path} ${issue.message}`).join('; ')}`, issues });
  return undefined;
}

/** `api:<client>:<Idempotency-Key>`: keys of different clients never meet. Without the header, a fresh key (no dedupe). */
function keyOf(request: FastifyRequest, reply: FastifyReply, client: ApiClient): string | undefined {
  const header = request.headers[KEY_HEADER];
  if (header === undefined) return `api:${client.id}:${randomUUID()}`;
  const key = Array.isArray(header) ? header[0] : header;
  if (!key || key.length > 200 || !/^[\x21-\x7e]+$/.test(key)) {
    void reply.code(400).send({ error: 'invalid request: Idempotency-Key must be 1–200 visible ASCII characters', issues: [{ path: 'headers.idempotency-key', message: 'must be 1–200 visible ASCII characters' }] });
    return undefined;
  }
  return `api:${client.id}:${key}`;
}

function base(client: ApiClient, key: string, customer: z.output<typeof customerSchema>): Pick<IntakeRequest, 'channel' | 'key' | 'customer' | 'sender' | 'to' | 'attachments' | 'skipped'> {
  const id = customer.id ?? customer.email?.toLowerCase() ?? customer.phone!.replace(/[^0-9+]/g, '');
  return {
    channel: client.channel as IntakeChannel,
    key,
    customer: {
      id,
      ...(customer.name ? { name: customer.name } : {}),
      ...(customer.email ? { email: customer.email.toLowerCase() } : {}),
      ...(customer.phone ? { phone: customer.phone } : {}),
      ...(customer.language ? { language: customer.language } : {}),
    },
    sender: (customer.email ?? customer.id ?? customer.phone!).toLowerCase(),
    to: [],
    attachments: [],
    skipped: [],
  };
}

async function answer(reply: FastifyReply, run: () => Promise<IntakeOutcome>): Promise<FastifyReply> {
  let outcome: IntakeOutcome;
  try {
    outcome = await run();
  } catch (error) {
    return unavailable(reply, error);
  }
  switch (outcome.kind) {
    case 'opened':
      if (outcome.duplicate) void reply.header('Idempotent-Replayed', 'true');
      return reply.code(outcome.duplicate || outcome.attached ? 200 : 201).send({ ...outcome });
    case 'added':
      if (outcome.duplicate) void reply.header('Idempotent-Replayed', 'true');
      return reply.code(200).send({ ...outcome });
    case 'failed':
      return reply.code(422).send({ error: outcome.reason, ...outcome });
    default:
      return reply.code(202).send({ ...outcome });
  }
}

function unavailable(reply: FastifyReply, error: unknown): FastifyReply {
  if (!(error instanceof IntakeRetryLaterError)) throw error;
  return reply.code(503).header('Retry-After', '30').send({ error: `the ticket system cannot confirm the request right now; retry with the same Idempotency-Key: ${error.reason}` });
}
