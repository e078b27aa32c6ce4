/**
 * Obtaining and running Temporal servers: the `temporal` CLI dev server and the time-skipping test server,
 * found on the machine or built once into the sopflow cache.
 */
export { cacheDir } from './cache-dir';
export { ensureDevServerBinary, cachedDevServerPath } from './dev-server-binary';
export { ensureTestServerBinary, cachedTestServerPath } from './test-server-binary';
export { createTimeSkippingEnv } from './test-environments';
export type { TimeSkippingEnvOptions } from './test-environments';
export { startDevServer } from './dev-server-process';
export type { DevServerHandle, DevServerOptions } from './dev-server-process';
export type { SearchAttributeDefinitions, SearchAttributeTypeName } from './search-attribute-types';
export { freePort } from './free-port';
export { TEMPORAL_CLI_VERSION, TEST_SERVER_VERSION } from './versions';
export { ensureChromium, CHROMIUM_PACKAGE } from './chromium';
export { ensureGreenMailJar, cachedGreenMailJar } from './greenmail-jar';
export { startGreenMail } from './greenmail-process';
export type { GreenMailHandle, GreenMailUser } from './greenmail-process';
export { startPostgresServer, POSTGRES_BIN_DIR } from './postgres-server';
export type { PostgresServerHandle } from './postgres-server';
