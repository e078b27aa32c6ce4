/*
 * Defaults of `sopflow test`, in a module of their own: the CLI shows them in its help, and
 * the modules that use them load the Temporal SDK, which `--help` should not wait for.
 */

/** Simple paths added beyond those needed for coverage, per flow. */
export const DEFAULT_MAX_PATHS = 10;
/** Most steps of a simple path. */
export const DEFAULT_DEPTH = 8;
/** Histories recorded per flow with `--record`. */
export const DEFAULT_RECORD_LIMIT = 4;
/** Paths run at once on the test server. */
export const DEFAULT_CONCURRENCY = 8;
