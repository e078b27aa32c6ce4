import { SopflowError } from '../errors/sopflow-error';

/** How long a page waits for Temporal before it says "temporarily unavailable" instead. */
export const PAGE_PATIENCE_MS = Number(process.env.SOPFLOW_WEB_PATIENCE_MS ?? 8000);

/**
 * A page must answer even when Temporal does not: the client's own retries ride out a restart
 * for up to half a minute, which is right for the CLI and too long for a browser.
 */
export async function withPatience<T>(work: Promise<T>, ms = PAGE_PATIENCE_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new SopflowError(`Temporal did not answer within ${ms} ms`, { code: 'TEMPORAL_UNREACHABLE' })), ms);
  });
  work.catch(() => undefined);
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
