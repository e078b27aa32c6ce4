import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Mail a person must look at, for sources without folders (the SMTP listener): parked mail
 * (over the per-sender cap) and mail that cannot be read, each kept as `.eml` with a `.txt`
 * beside it saying why. Named by content hash, so a redelivery overwrites rather than doubles.
 */
export class ReviewStore {
  constructor(readonly dir: string) {}

  keep(kind: 'parked' | 'failed', raw: Buffer, reason: string): string {
    const folder = join(this.dir, kind);
    mkdirSync(folder, { recursive: true });
    const name = createHash('sha256').update(raw).digest('hex').slice(0, 32);
    const file = join(folder, `${name}.eml`);
    writeFileSync(file, raw);
    writeFileSync(join(folder, `${name}.txt`), `${reason}\n`);
    return file;
  }
}
