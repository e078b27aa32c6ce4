import type { SopflowConfig } from '../../config/schema';
import { deliverHttp, endpointName } from './http-delivery';
import type { WebhookPayload } from './webhook-payload';
import { SIGNATURE_HEADER, signWebhookBody } from './webhook-signature';

type WebhookConfig = NonNullable<SopflowConfig['channels']['webhook']>;

/** Sends signed JSON to the team's webhook. */
export interface WebhookChannel {
  /** How the endpoint appears in results (no query string). */
  readonly recipient: string;
  send(payload: WebhookPayload): Promise<void>;
}

/** Creates the webhook channel; `now` is injectable so tests can pin the signature timestamp. */
export function createWebhookChannel(config: WebhookConfig, now: () => number = Date.now): WebhookChannel {
  const recipient = endpointName(config.url);
  return {
    recipient,
    async send(payload) {
      const body = JSON.stringify(payload);
      await deliverHttp({
        channel: 'webhook',
        recipient,
        url: config.url,
        timeoutMs: config.timeoutMs,
        body,
        headers: {
          'content-type': 'application/json',
          'user-agent': 'sopflow',
          [SIGNATURE_HEADER]: signWebhookBody(config.secret, body, Math.floor(now() / 1000)),
          'x-sopflow-event': payload.event,
          // Same value as payload.id, for receivers that dedupe before parsing.
          'idempotency-key': payload.id,
        },
      });
    },
  };
}
