/**
 * The pinned server versions. Bumping a constant here makes the next run build the new version.
 */

/** Temporal CLI tag for `go install`; later tags carry a `replace` directive that `go install` refuses. */
export const TEMPORAL_CLI_VERSION = 'v1.5.1';

/** Maven version of `io.temporal:temporal-test-server` (the Java time-skipping test server). */
export const TEST_SERVER_VERSION = '1.38.0';

/** Maven version of `com.icegreen:greenmail-standalone` (IMAP and SMTP test server for intake tests). */
export const GREENMAIL_VERSION = '2.1.3';
