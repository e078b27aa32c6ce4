import { createHash } from 'node:crypto';
import { mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MessageAttachment } from '../ticket/types';
import type { MailAttachment } from './inbound-mail';

/** An attachment that was too large to keep: listed in the discussion, not stored. */
export interface SkippedAttachment {
  name: string;
  size: number;
  why: string;
}

/**
 * Files that came with messages, stored under their SHA-256 (`<dir>/ab/abcdef…`): the same file
 * sent twice is stored once, and a name from a stranger never becomes a path. Files are only
 * written, never executed or served inline (the content type is recorded, not trusted).
 */
export class AttachmentStore {
  constructor(readonly dir: string, readonly maxBytes: number) {}

  /** Stores one file's bytes; returns their hash. Written to a temporary name first, so a crash leaves no half file under the hash. */
  put(content: Buffer): string {
    const sha256 = createHash('sha256').update(content).digest('hex');
    const folder = join(this.dir, sha256.slice(0, 2));
    const path = join(folder, sha256);
    if (existsFile(path)) return sha256;
    mkdirSync(folder, { recursive: true });
    const temporary = `${path}.${process.pid}.tmp`;
    writeFileSync(temporary, content, { mode: 0o640 });
    renameSync(temporary, path);
    return sha256;
  }

  /** Where a stored file is. */
  pathOf(sha256: string): string {
    return join(this.dir, sha256.slice(0, 2), sha256);
  }

  /** Stores every attachment within the size limit; lists the others with the reason. */
  keep(attachments: readonly MailAttachment[]): { kept: MessageAttachment[]; skipped: SkippedAttachment[] } {
    const kept: MessageAttachment[] = [];
    const skipped: SkippedAttachment[] = [];
    for (const attachment of attachments) {
      if (attachment.size > this.maxBytes) {
        skipped.push({ name: attachment.filename, size: attachment.size, why: `larger than the ${formatBytes(this.maxBytes)} limit` });
        continue;
      }
      kept.push({ name: attachment.filename, contentType: attachment.contentType, size: attachment.size, sha256: this.put(attachment.content) });
    }
    return { kept, skipped };
  }
}

function existsFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** `10 MB`, `512 kB`, `80 B`. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} kB`;
  return `${bytes} B`;
}
