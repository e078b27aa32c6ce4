import { Client, Connection } from '@temporalio/client';
import { loadClientConnectConfig } from '@temporalio/envconfig';
import type { ClientConnectConfig } from '@temporalio/envconfig';
import { SopflowError } from '../errors/sopflow-error';

/**
 * Temporal connection settings from the standard client configuration: TEMPORAL_ADDRESS,
 * TEMPORAL_NAMESPACE, TEMPORAL_API_KEY, TLS variables and TOML profiles
 * (TEMPORAL_CONFIG_FILE, TEMPORAL_PROFILE). The same settings serve the embedded dev server,
 * a self-hosted cluster and Temporal Cloud.
 */
export function temporalConnectConfig(): ClientConnectConfig & { address: string; namespace: string } {
  const config = loadClientConnectConfig();
  const address = config.connectionOptions.address ?? 'localhost:7233';
  return { ...config, connectionOptions: { ...config.connectionOptions, address }, address, namespace: config.namespace ?? 'default' };
}

/** Connects a client, turning "no server there" into one clear line. */
export async function connectClient(): Promise<Client> {
  const config = temporalConnectConfig();
  try {
    const connection = await Connection.connect({ ...config.connectionOptions, connectTimeout: '5s' } as never);
    return new Client({ connection, namespace: config.namespace });
  } catch (error) {
    throw new SopflowError(`cannot reach Temporal at ${config.address}: ${(error as Error).message.split('\n')[0]}`, {
      code: 'TEMPORAL_UNREACHABLE',
      suggestion: 'start the embedded server with `npm start`, or set TEMPORAL_ADDRESS (and TEMPORAL_NAMESPACE, TLS/API key) for your cluster',
    });
  }
}
