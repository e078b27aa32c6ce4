import { DefaultLogger, makeTelemetryFilterString, Runtime } from '@temporalio/worker';

// Every YAML file the fast reader reads during the tests (flows, calendars, configuration, in this
// process and in the CLI and worker processes the tests start) is read by `yaml` too, and any
// difference fails. Set before any test file loads the reader, which reads the variable once.
process.env.SOPFLOW_VERIFY_SIMPLE_YAML ??= '1';

// Workers log every state change at INFO, and the SDK core warns about the test server's
// missing capabilities on every worker start; tests only need real warnings and errors.
Runtime.install({
  logger: new DefaultLogger('WARN'),
  telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR', other: 'ERROR' }), forward: {} } },
});
