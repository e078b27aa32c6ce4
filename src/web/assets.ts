import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';

/**
 * Every script and style the pages use, served by this process from npm packages and
 * `src/web/static` (the machines have no internet, and a CDN would see the portal's URLs).
 * A fixed list: nothing else under node_modules is reachable.
 */
const ASSETS: Record<string, { file: () => string; type: string }> = {
  'htmx.min.js': { file: () => require.resolve('htmx.org/dist/htmx.min.js'), type: 'text/javascript' },
  'htmx-sse.js': { file: () => require.resolve('htmx-ext-sse/dist/sse.min.js'), type: 'text/javascript' },
  'mermaid.min.js': { file: () => require.resolve('mermaid/dist/mermaid.min.js'), type: 'text/javascript' },
  // Chart.js's package exports no dist path: its UMD build sits beside the resolved entry point.
  'chart.umd.min.js': { file: () => join(dirname(require.resolve('chart.js')), 'chart.umd.min.js'), type: 'text/javascript' },
  'charts.js': { file: () => join(__dirname, 'static', 'charts.js'), type: 'text/javascript' },
  'app.js': { file: () => join(__dirname, 'static', 'app.js'), type: 'text/javascript' },
  'flow-page.js': { file: () => join(__dirname, 'static', 'flow-page.js'), type: 'text/javascript' },
  'app.css': { file: () => join(__dirname, 'static', 'app.css'), type: 'text/css' },
};

/** Serves `/assets/<name>` from memory, cached by the browser for an hour. */
export function registerAssets(app: FastifyInstance): void {
  const cache = new Map<string, Buffer>();
  app.get<{ Params: { name: string } }>('/assets/:name', async (request, reply) => {
    const asset = ASSETS[request.params.name];
    if (!asset) return reply.code(404).type('text/plain').send('no such asset');
    let body = cache.get(request.params.name);
    if (!body) {
      body = readFileSync(asset.file());
      cache.set(request.params.name, body);
    }
    return reply.type(`${asset.type}; charset=utf-8`).header('cache-control', 'public, max-age=3600').send(body);
  });
}
