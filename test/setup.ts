import { DefaultLogger, makeTelemetryFilterString, Runtime } from '@temporalio/worker';

// Workers log every state change at INFO, and the SDK core warns about the test server's
// missing capabilities on every worker start; tests only need real warnings and errors.
Runtime.install({
  logger: new DefaultLogger('WARN'),
  telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR', other: 'ERROR' }), forward: {} } },
});
