/** Channels a request can arrive by (its own module: the CLI's help lists them without loading the rules schema). */
export const INTAKE_CHANNELS = ['email', 'phone', 'sms', 'social', 'web', 'portal', 'api'] as const;
/** One of `INTAKE_CHANNELS`. */
export type IntakeChannel = (typeof INTAKE_CHANNELS)[number];
