import type { FastifyInstance } from 'fastify';

/**
 * The CSP of every page: scripts and styles only from this server, no inline script, no
 * framing, forms only to this server. The flow page relaxes styles (not scripts) because
 * Mermaid writes its SVG with inline styles.
 */
export function contentSecurityPolicy(options: { inlineStyles?: boolean } = {}): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    `style-src 'self'${options.inlineStyles ? " 'unsafe-inline'" : ''}`,
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Reply header a route sets to get the relaxed style policy of the flow page. */
export const INLINE_STYLES_HEADER = 'x-sopflow-inline-styles';

/** Adds the security headers to every reply; the portal token is in the URL, so no referrer ever leaves. */
export function registerSecurityHeaders(app: FastifyInstance, options: { https: boolean }): void {
  app.addHook('onSend', async (_request, reply, payload) => {
    const inlineStyles = reply.getHeader(INLINE_STYLES_HEADER) !== undefined;
    reply.removeHeader(INLINE_STYLES_HEADER);
    reply.header('content-security-policy', contentSecurityPolicy({ inlineStyles }));
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('x-frame-options', 'DENY');
    reply.header('cross-origin-opener-policy', 'same-origin');
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    if (options.https) reply.header('strict-transport-security', 'max-age=31536000');
    return payload;
  });
}
