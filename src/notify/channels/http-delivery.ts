import { PermanentDeliveryError, TransientDeliveryError } from './delivery-error';

/** One HTTP call a channel makes. */
export interface HttpDelivery {
  channel: string;
  /** How the receiver is named in results and errors (never a URL with secrets in it). */
  recipient: string;
  url: string;
  method?: 'POST' | 'GET';
  headers?: Record<string, string>;
  body?: string;
  timeoutMs: number;
}

// 408/425/429 say "not now", not "never"; every other 4xx means the request itself is wrong.
const RETRYABLE_4XX = new Set([408, 425, 429]);

function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

function describeNetworkError(err: unknown): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return 'timed out';
  return [e.message, e.cause?.code ?? e.cause?.message].filter(Boolean).join(': ');
}

/**
 * Sends the request and classifies failures: network errors, timeouts, 5xx and 408/425/429
 * are transient; other 4xx and redirects (a moved endpoint will not come back by itself) are permanent.
 */
export async function deliverHttp(d: HttpDelivery): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(d.url, {
      method: d.method ?? 'POST',
      headers: d.headers ?? {},
      ...(d.body !== undefined ? { body: d.body } : {}),
      redirect: 'manual',
      signal: AbortSignal.timeout(d.timeoutMs),
    });
  } catch (err) {
    throw new TransientDeliveryError(d.channel, d.recipient, describeNetworkError(err), { cause: err });
  }
  if (response.status >= 200 && response.status < 300) return response;
  const text = (await response.text().catch(() => '')).slice(0, 200);
  const detail = `HTTP ${response.status}${text ? ` ${text}` : ''}`;
  if (response.status >= 500 || RETRYABLE_4XX.has(response.status)) {
    const wait = retryAfterMs(response.headers.get('retry-after'));
    throw new TransientDeliveryError(d.channel, d.recipient, detail, wait === undefined ? {} : { retryAfterMs: wait });
  }
  throw new PermanentDeliveryError(d.channel, d.recipient, response.status < 400 ? `${detail} (redirects are not followed)` : detail);
}

/** Names an endpoint without query string or credentials, for results and logs. */
export function endpointName(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}
