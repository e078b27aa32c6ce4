import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * What the IMAP source remembers across restarts, per mailbox: its UIDVALIDITY, the highest UID
 * seen, and the mails whose request Temporal already confirmed but which are not moved yet (a
 * crash between the two): on restart they are moved without asking Temporal again. A changed
 * UIDVALIDITY makes every remembered UID meaningless, so the state starts over (the mails are then
 * handled again, which their Message-IDs make harmless).
 */
export interface ImapMailboxState {
  uidValidity: string;
  highestUid: number;
  /** UID to the folder it goes to, for mails confirmed but not yet moved. */
  pendingMoves: Record<string, string>;
}

/** The state file of an IMAP source (JSON, replaced atomically). */
export class ImapStateFile {
  private state: ImapMailboxState | undefined;

  constructor(readonly path: string) {
    try {
      this.state = JSON.parse(readFileSync(path, 'utf8')) as ImapMailboxState;
    } catch {
      this.state = undefined;
    }
  }

  /** The state for a mailbox with this UIDVALIDITY; a different one starts over. */
  open(uidValidity: bigint | number | string): ImapMailboxState {
    const validity = String(uidValidity);
    if (!this.state || this.state.uidValidity !== validity) {
      this.state = { uidValidity: validity, highestUid: 0, pendingMoves: {} };
      this.save();
    }
    return this.state;
  }

  save(): void {
    if (!this.state) return;
    mkdirSync(dirname(this.path), { recursive: true });
    const temporary = `${this.path}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(this.state));
    renameSync(temporary, this.path);
  }
}
