import { IANAZone } from 'luxon';
import { z } from 'zod';
import { isReservedKey, RESERVED_KEY_REASON } from '../source/reserved-keys';

/** Languages with a full set of default templates; the first-line fallback is always `en`. */
export const SUPPORTED_LANGUAGES = ['de', 'en', 'pl'] as const;
/** A language sopflow can write notifications in. */
export type Language = (typeof SUPPORTED_LANGUAGES)[number];

/** Config paths that hold secrets: they must be written as `${ENV_VAR}` references, never literally. */
export const SECRET_PATHS: readonly (readonly string[])[] = [
  ['channels', 'email', 'auth', 'pass'],
  ['channels', 'webhook', 'secret'],
  ['channels', 'sms', 'authHeader', 'value'],
  ['intake', 'imap', 'auth', 'pass'],
];

/** Placeholders the SMS gateway templates may use (filled in and escaped by the SMS channel). */
export const SMS_PLACEHOLDERS = ['phone', 'text', 'ticket'] as const;

// Values interpolated from the environment arrive as strings, so numbers and booleans accept their spelling too.
const integer = z.preprocess(
  (v) => (typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : v),
  z.number({ error: 'must be a whole number' }).int({ error: 'must be a whole number' }),
);
const port = integer.pipe(z.number().min(1, { error: 'must be 1–65535' }).max(65535, { error: 'must be 1–65535' }));
const positiveMs = integer.pipe(z.number().min(1, { error: 'must be at least 1 (milliseconds)' }));
const flag = z.preprocess(
  (v) => (v === 'true' ? true : v === 'false' ? false : v),
  z.boolean({ error: 'must be true or false' }),
);
const nonEmpty = z.string().trim().min(1, { error: 'must not be empty' });
const email = z.email({ error: 'must be an e-mail address' });
const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });

// "Service Desk <desk@example.org>" or a bare address.
const mailbox = z.string().refine(
  (v) => {
    const m = /^(?:[^<>]*<([^<>]+)>|([^<>\s]+))$/.exec(v.trim());
    const address = m?.[1] ?? m?.[2];
    return address !== undefined && email.safeParse(address.trim()).success;
  },
  { error: 'must be an e-mail address, optionally with a display name: "Name <address>"' },
);

/** Tier names as flows use them: L1, L2, L3 … */
export const tierName = z.string().regex(/^L[1-9]$/, { error: 'tier names are L1, L2, L3 …' });

const emailChannel = z.strictObject({
  host: nonEmpty,
  port,
  /** Implicit TLS from the first byte (port 465). */
  secure: flag.default(false),
  /** Upgrade with STARTTLS and refuse to send if the server cannot. */
  requireTLS: flag.default(false),
  auth: z.strictObject({ user: nonEmpty, pass: nonEmpty }).optional(),
  from: mailbox,
  timeoutMs: positiveMs.default(10_000),
});

const webhookChannel = z.strictObject({
  url: httpUrl,
  secret: z.string().min(16, { error: 'must be at least 16 characters so the signature is worth something' }),
  timeoutMs: positiveMs.default(5_000),
});

const chatChannel = z.strictObject({
  kind: z.enum(['slack', 'teams']),
  url: httpUrl,
  timeoutMs: positiveMs.default(5_000),
});

function usesOnlyKnownPlaceholders(template: string): boolean {
  return [...template.matchAll(/\{\{\s*([^}]*?)\s*\}\}/g)].every((m) =>
    (SMS_PLACEHOLDERS as readonly string[]).includes(m[1] ?? ''),
  );
}
const smsTemplate = z.string().refine(usesOnlyKnownPlaceholders, {
  error: `may only use the placeholders ${SMS_PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ')}`,
});

const smsChannel = z.strictObject({
  urlTemplate: smsTemplate.refine((v) => /^https?:\/\//.test(v), { error: 'must start with http:// or https://' }),
  method: z.enum(['POST', 'GET']).default('POST'),
  authHeader: z.strictObject({ name: nonEmpty, value: nonEmpty }).optional(),
  bodyTemplate: smsTemplate.optional(),
  contentType: z.enum(['application/json', 'application/x-www-form-urlencoded']).default('application/json'),
  timeoutMs: positiveMs.default(5_000),
});

const agent = z.strictObject({
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]*$/, { error: 'agent ids are lower-case letters, digits, ".", "_" and "-"' })
    .refine((id) => !isReservedKey(id), { error: RESERVED_KEY_REASON }),
  name: nonEmpty,
  email,
  skills: z.array(nonEmpty).default([]),
  /** How many open tickets the agent can own at once. */
  capacity: integer.pipe(z.number().min(0, { error: 'must be 0 or more' })),
});

// Listed as its own check (not a refinement of the pool object) so it runs even when
// another agent of the same pool has a problem, and the user sees all problems at once.
const agents = z.array(agent).min(1, { error: 'a pool needs at least one agent' }).check(
  z.superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((a, i) => {
      // Elements that failed their own schema may be anything, even null.
      const id: unknown = (a as { id?: unknown } | null)?.id;
      if (typeof id !== 'string') return;
      if (seen.has(id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `duplicate agent id "${id}"` });
      seen.add(id);
    });
  }),
);

const pool = z.strictObject({
  strategy: z.enum(['round-robin', 'least-loaded']),
  agents,
});

const intakeSchema = z.strictObject({
  email: z.strictObject({
    /** The address customers write to; mail from it is never ticketed (loops). */
    address: email,
    /** Further intake addresses (another desk's, an old one): the same mail to two of them is one ticket. */
    aliases: z.array(email).default([]),
  }),
  /** The SMTP listener an MTA delivers to. */
  smtp: z
    .strictObject({
      enabled: flag.default(true),
      host: nonEmpty.default('127.0.0.1'),
      /** 0 picks a free port (tests, several runs on one machine). */
      port: integer.pipe(z.number().min(0, { error: 'must be 0–65535' }).max(65535, { error: 'must be 0–65535' })).default(2526),
      /** Largest mail accepted (bytes); larger ones get a 552 from the listener. */
      maxBytes: integer.pipe(z.number().min(1024, { error: 'must be at least 1024 bytes' })).default(25 * 1024 * 1024),
    })
    .prefault({}),
  /** An IMAP mailbox to read; mail moves to `processed` or `failed` once handled, never deleted. */
  imap: z
    .strictObject({
      host: nonEmpty,
      port,
      secure: flag.default(true),
      auth: z.strictObject({ user: nonEmpty, pass: nonEmpty }),
      mailbox: nonEmpty.default('INBOX'),
      processed: nonEmpty.default('Processed'),
      failed: nonEmpty.default('Failed'),
      /** Where mail over the per-sender cap waits for a person to look at it. */
      review: nonEmpty.default('Review'),
      /** Polling fallback: IDLE may notice new mail late, or not while a lock is held. */
      pollSeconds: integer.pipe(z.number().min(1, { error: 'must be at least 1 (seconds)' })).default(30),
      /** UIDVALIDITY and UIDs across restarts; relative to the config file. */
      stateFile: nonEmpty.default('.sopflow/imap-state.json'),
    })
    .optional(),
  attachments: z
    .strictObject({
      /** Stored by content hash; relative paths are relative to the config file. */
      dir: nonEmpty.default('.sopflow/attachments'),
      /** Larger attachments are listed in the discussion but not kept. */
      maxBytes: integer.pipe(z.number().min(1, { error: 'must be at least 1 (bytes)' })).default(10 * 1024 * 1024),
    })
    .prefault({}),
  /** More mail than this from one sender in an hour is parked for review instead of ticketed. */
  senderCap: z.strictObject({ perHour: integer.pipe(z.number().min(1, { error: 'must be at least 1' })).default(20) }).prefault({}),
  /** Where SMTP mail parked for review is kept; relative to the config file. */
  reviewDir: nonEmpty.default('.sopflow/intake-review'),
  /** Clients of the HTTP intake API, each with the SHA-256 (hex) of its bearer token; the token itself lives in the client's environment. */
  api: z
    .strictObject({
      /** `host:port` to serve the API on by itself (`sopflow intake`), until the web server serves it. */
      listen: z.string().regex(/^[^:\s]+:\d{1,5}$/, { error: 'must be host:port, e.g. 127.0.0.1:8081' }).optional(),
      clients: z
        .array(
          z.strictObject({
            id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, { error: 'client ids are lower-case letters, digits, ".", "_" and "-"' }),
            tokenSha256: z.string().regex(/^[0-9a-f]{64}$/i, { error: 'must be the SHA-256 of the token in hex (64 characters): `sopflow intake-token <client>`' }),
            /** The channel its requests arrive by (phone, sms, social, web). */
            channel: z.enum(['phone', 'sms', 'social', 'web', 'portal', 'api']).default('api'),
          }),
        )
        .default([]),
    })
    .prefault({}),
});

/** The zod schema of `sopflow.config.yaml`. */
export const configSchema = z.strictObject({
  channels: z.strictObject({
    email: emailChannel,
    webhook: webhookChannel.optional(),
    chat: chatChannel.optional(),
    sms: smsChannel.optional(),
  }),
  recipients: z.strictObject({
    team: email,
    escalationManager: email,
    tiers: z.record(tierName, email).default({}),
  }),
  pools: z.record(tierName, pool),
  /** Renamed: the web server's address is `web.baseUrl` now. */
  portal: z.unknown().refine(() => false, { error: 'the portal address moved: write `web:` with `baseUrl:` instead of `portal:`' }).optional(),
  web: z
    .strictObject({
      /** `host:port` the web server listens on. */
      listen: z
        .string()
        .regex(/^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):\d{1,5}$/, { error: 'must be host:port, e.g. 127.0.0.1:8080' })
        .default('127.0.0.1:8080'),
      /** Address customers and agents reach the web server at; links in mails start with it. */
      baseUrl: httpUrl.default('http://localhost:8080'),
      /** Where the embedded default keeps its generated secret when SOPFLOW_WEB_SECRET is unset; relative to the config file. */
      secretFile: nonEmpty.default('.sopflow/web-secret'),
    })
    .prefault({}),
  languages: z.strictObject({ default: z.enum(SUPPORTED_LANGUAGES) }),
  notify: z
    .strictObject({
      /** Where the outbox records deliveries; relative paths are relative to the config file. */
      outboxDir: nonEmpty.default('.sopflow/outbox'),
      /** Root of `<lang>/<kind>.hbs`; relative paths are relative to the config file. */
      templatesDir: nonEmpty.default('templates'),
      /** Zone for dates in messages when the ticket does not carry its calendar's zone. */
      timeZone: z
        .string()
        .refine((v) => IANAZone.isValidZone(v), { error: 'must be an IANA time zone such as Europe/Berlin' })
        .default('Europe/Berlin'),
    })
    .prefault({}),
  /** E-mail in and the HTTP intake API (src/intake). */
  intake: intakeSchema.optional(),
});

/** The validated, typed configuration (paths in `notify` are absolute after `loadConfig`). */
export type SopflowConfig = z.output<typeof configSchema>;
/** One agent of a tier's pool as configured. */
export type AgentConfig = z.output<typeof agent>;
/** The `intake:` section as configured. */
export type IntakeConfig = z.output<typeof intakeSchema>;
/** One tier's pool as configured. */
export type PoolConfig = z.output<typeof pool>;
