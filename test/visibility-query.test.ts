import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import type { SearchAttributePair } from '@temporalio/common';
import { listQuery, TicketClient } from '../src/client/ticket-client';
import { quoteValue, visibilityQuery } from '../src/client/visibility-query';
import { catalogOf } from '../src/runtime/flow-catalog';
import { startDevServer } from '../src/servers';
import type { DevServerHandle } from '../src/servers';
import { ticketSearchAttributePairs, ticketSearchAttributeTypes } from '../src/ticket/search-attributes';

const HOSTILE = ["o'brien", "x' OR SopCustomer != '", 'back\\slash', "quote\\' OR 1=1 --"];

describe('visibility queries quote every value', function () {
  this.timeout(120_000);

  it('escapes quotes and backslashes so a value stays one string literal', () => {
    expect(quoteValue("o'brien")).to.equal("'o\\'brien'");
    expect(quoteValue('back\\slash')).to.equal("'back\\\\slash'");
    expect(visibilityQuery([['SopCustomer', "x' OR SopCustomer != '"]], ["SopState = 'new'"])).to.equal("SopCustomer = 'x\\' OR SopCustomer != \\'' AND (SopState = 'new')");
    expect(listQuery({ assignee: "a'b", open: true })).to.equal("SopAssignee = 'a\\'b' AND ExecutionStatus = 'Running'");
  });

  describe('against the dev server', () => {
    let server: DevServerHandle;
    let connection: Connection;
    let tickets: TicketClient;
    const dataDir = mkdtempSync(join(tmpdir(), 'sopflow-visibility-'));

    before(async () => {
      server = await startDevServer({ dataDir, port: 0, uiPort: 0, searchAttributes: ticketSearchAttributeTypes });
      connection = await Connection.connect({ address: server.address });
      const client = new Client({ connection, namespace: server.namespace });
      tickets = new TicketClient(client, catalogOf([], new Map()));
      // Tickets of hostile customers (no worker runs them: visibility is all this test reads).
      for (const [index, customer] of HOSTILE.entries()) {
        await client.workflow.start('ticketWorkflow', {
          workflowId: `VIS-${index}`,
          taskQueue: 'visibility-test-no-worker',
          args: [],
          typedSearchAttributes: new TypedSearchAttributes(ticketSearchAttributePairs({ customer, topic: 'login', state: 'new' }) as SearchAttributePair[]),
        });
      }
    });
    after(async () => {
      await connection?.close();
      await server?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('finds a customer with a quote in the id, and a value built to widen the query never finds another ticket', async () => {
      // Visibility is eventually consistent: wait until all of them are listed.
      for (let i = 0; i < 100 && (await tickets.list(listQuery({ open: true }))).length < HOSTILE.length; i++) await new Promise((done) => setTimeout(done, 100));
      expect(await tickets.findOpen("o'brien", 'login')).to.equal('VIS-0');
      // The dev server's SQL visibility matches no keyword with a space or backslash at all (a
      // server limit); what must hold is that no such value ever matches somebody else's ticket.
      for (const [index, customer] of HOSTILE.entries()) {
        expect([undefined, `VIS-${index}`], customer).to.include(await tickets.findOpen(customer, 'login'));
        const rows = await tickets.list(visibilityQuery([['SopCustomer', customer]]));
        expect(rows.every((row) => row.number === `VIS-${index}`), `${customer} widened the query to ${rows.map((row) => row.number).join(', ')}`).to.equal(true);
      }
      expect(await tickets.findOpen("nobody' OR SopTopic = 'login", 'login')).to.equal(undefined);
    });
  });
});
