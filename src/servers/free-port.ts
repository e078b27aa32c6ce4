import { createServer } from 'node:net';

/** Asks the OS for a currently free TCP port on `host` (listen on port 0, read it back, close). */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolvePort(port) : reject(new Error('could not determine a free port'))));
    });
  });
}

/**
 * Rejects when something already listens on `host:port`. The dev server binds with SO_REUSEPORT, so a second
 * one would silently share the port and our readiness check would be answered by the first.
 */
export function assertPortFree(port: number, host = '127.0.0.1'): Promise<void> {
  return new Promise((resolveFree, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'EADDRINUSE' ? new Error(`port ${host}:${port} is already in use`) : err),
    );
    server.listen(port, host, () => server.close(() => resolveFree()));
  });
}
