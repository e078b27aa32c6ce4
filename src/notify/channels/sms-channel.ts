import type { SopflowConfig } from '../../config/schema';
import { deliverHttp } from './http-delivery';

type SmsConfig = NonNullable<SopflowConfig['channels']['sms']>;

/** One SMS. */
export interface SmsMessage {
  phone: string;
  text: string;
  ticketNumber: string;
}

/** Sends SMS through a generic HTTP gateway described by URL and body templates. */
export interface SmsChannel {
  send(message: SmsMessage): Promise<void>;
}

// Each placeholder value is escaped for where it lands, so a quote in a text cannot break the JSON.
function fill(template: string, values: Record<string, string>, escape: (v: string) => string): string {
  return template.replace(/\{\{\s*([a-z]+)\s*\}\}/g, (_m, name: string) => escape(values[name] ?? ''));
}
const jsonEscape = (v: string): string => JSON.stringify(v).slice(1, -1);

/** Creates the SMS channel. */
export function createSmsChannel(config: SmsConfig): SmsChannel {
  return {
    async send(message) {
      const values = { phone: message.phone, text: message.text, ticket: message.ticketNumber };
      const url = fill(config.urlTemplate, values, encodeURIComponent);
      const headers: Record<string, string> = { 'user-agent': 'sopflow' };
      if (config.authHeader) headers[config.authHeader.name] = config.authHeader.value;
      let body: string | undefined;
      if (config.method === 'POST' && config.bodyTemplate !== undefined) {
        headers['content-type'] = config.contentType;
        body = fill(config.bodyTemplate, values, config.contentType === 'application/json' ? jsonEscape : encodeURIComponent);
      }
      await deliverHttp({ channel: 'sms', recipient: message.phone, url, method: config.method, headers, timeoutMs: config.timeoutMs, ...(body !== undefined ? { body } : {}) });
    },
  };
}
