import type { Connection } from '@temporalio/client';
import { toIndexedValueTypes } from '../servers/search-attribute-types';
import { ticketSearchAttributeTypes } from '../ticket/search-attributes';

/**
 * Registers the ticket search attributes on a namespace (idempotent). The dev server gets
 * them as start flags; the time-skipping test server and real clusters get them through the
 * operator API, which needs admin rights on a real cluster.
 */
export async function registerTicketSearchAttributes(connection: Connection, namespace = 'default'): Promise<void> {
  // The test server cannot list search attributes, so add them and treat "already there" as done.
  try {
    await connection.operatorService.addSearchAttributes({ namespace, searchAttributes: toIndexedValueTypes(ticketSearchAttributeTypes) });
  } catch (error) {
    if (!/already exist/i.test((error as Error).message)) throw error;
  }
}
