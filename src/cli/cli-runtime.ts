/**
 * Installs the Temporal core runtime the way the CLI wants it, before the first worker or
 * native connection: worker state changes are INFO, and an operator's terminal only needs
 * warnings and errors (`SOPFLOW_LOG_LEVEL` changes that). Loaded lazily, by the commands that
 * run workers, because the worker SDK takes a good part of a second to load.
 * Note: forwarding core logs (`telemetryOptions.logging.forward`) would keep short commands alive.
 */
export async function installCliRuntime(): Promise<void> {
  if (installed) return;
  installed = true;
  const { DefaultLogger, Runtime } = require('@temporalio/worker') as typeof import('@temporalio/worker');
  Runtime.install({ logger: new DefaultLogger((process.env.SOPFLOW_LOG_LEVEL as 'WARN' | undefined) ?? 'WARN') });
}

let installed = false;
