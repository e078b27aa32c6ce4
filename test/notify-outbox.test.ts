import { expect } from 'chai';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryOutbox } from '../src/notify/memory-outbox';
import { FileOutbox, createFileOutbox } from '../src/notify/outbox';
import type { Outbox, OutboxRecord } from '../src/notify/outbox';

const record = (over: Partial<OutboxRecord> = {}): OutboxRecord => ({
  idempotencyKey: 'SD-1:3:status_changed:customer',
  channel: 'email',
  recipient: 'kunde@example.org',
  status: 'delivered',
  messageId: '<abc@x>',
  at: '2025-11-24T10:00:00.000Z',
  ...over,
});

describe('notify: outbox', () => {
  const outboxes: Array<[string, () => Outbox]> = [
    ['file', () => createFileOutbox(mkdtempSync(join(tmpdir(), 'sopflow-outbox-')))],
    ['memory', () => new MemoryOutbox()],
  ];
  for (const [name, make] of outboxes) {
    it(`${name}: remembers a record per key, channel and recipient`, async () => {
      const outbox = make();
      await outbox.put(record());
      expect(await outbox.get(record())).to.deep.equal(record());
      expect(await outbox.get({ ...record(), channel: 'sms' })).to.equal(undefined);
      expect(await outbox.get({ ...record(), recipient: 'other@example.org' })).to.equal(undefined);
      expect(await outbox.get({ ...record(), idempotencyKey: 'SD-1:4:status_changed:customer' })).to.equal(undefined);
      await outbox.put(record({ status: 'rejected', error: '550 no such user' }));
      expect(await outbox.get(record())).to.include({ status: 'rejected', error: '550 no such user' });
    });
  }

  for (const [name, make] of outboxes) {
    it(`${name}: a prepared record reads as sending until it is committed, and is forgotten when abandoned`, async () => {
      const outbox = make();
      const prepared = await outbox.prepare(record());
      expect(await outbox.get(record())).to.deep.equal(record({ status: 'sending' }));
      await prepared.commit();
      expect(await outbox.get(record())).to.deep.equal(record());
      const other = record({ recipient: 'other@example.org' });
      await (await outbox.prepare(other)).abandon();
      expect(await outbox.get(other)).to.equal(undefined);
    });
  }

  it('file: a record prepared by a process that died before committing reads as sending in the next one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sopflow-outbox-'));
    await new FileOutbox(dir).prepare(record());
    expect(await new FileOutbox(dir).get(record())).to.include({ status: 'sending', messageId: '<abc@x>' });
    // The commit is a rename of the prepared file: nothing is left behind but the record itself.
    const next = await new FileOutbox(dir).prepare(record());
    await next.commit();
    const files = readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith('.json'));
    expect(files).to.have.length(1);
    expect(await new FileOutbox(dir).get(record())).to.include({ status: 'delivered' });
  });

  it('file: survives a new instance (a restarted worker) and writes no temp files behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sopflow-outbox-'));
    await Promise.all(Array.from({ length: 50 }, (_, i) => new FileOutbox(dir).put(record({ recipient: `r${i}@example.org` }))));
    const fresh = new FileOutbox(dir);
    for (let i = 0; i < 50; i++) expect(await fresh.get(record({ recipient: `r${i}@example.org` }))).to.include({ status: 'delivered' });
    const leftovers = readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith('.tmp'));
    expect(leftovers).to.deep.equal([]);
  });

  it('file: names the path when the directory cannot be written', async () => {
    // A directory path that runs through a regular file can never be created.
    const file = join(mkdtempSync(join(tmpdir(), 'sopflow-outbox-')), 'a-file');
    writeFileSync(file, '');
    const outbox = new FileOutbox(join(file, 'outbox'));
    const err = await outbox.put(record()).then(() => undefined, (e: unknown) => e);
    expect((err as Error).message).to.contain(`outbox ${join(file, 'outbox')}/`).and.to.contain('ENOTDIR');
  });
});
