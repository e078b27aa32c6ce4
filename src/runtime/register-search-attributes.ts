import type { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { ticketSearchAttributeTypes } from '../ticket/search-attributes';

const INDEXED = temporal.api.enums.v1.IndexedValueType;
const TYPE_OF = { Keyword: INDEXED.INDEXED_VALUE_TYPE_KEYWORD, Int: INDEXED.INDEXED_VALUE_TYPE_INT, Datetime: INDEXED.INDEXED_VALUE_TYPE_DATETIME } as const;

/**
 * Registers the ticket search attributes on a namespace (idempotent). The dev server gets
 * them as start flags; the time-skipping test server and real clusters get them through the
 * operator API, which needs admin rights on a real cluster.
 */
export async function registerTicketSearchAttributes(connection: Connection, namespace = 'default'): Promise<void> {
  // The test server cannot list search attributes, so add them and treat "already there" as done.
  try {
    await connection.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(Object.entries(ticketSearchAttributeTypes).map(([name, type]) => [name, TYPE_OF[type]])),
    });
  } catch (error) {
    if (!/already exist/i.test((error as Error).message)) throw error;
  }
}
