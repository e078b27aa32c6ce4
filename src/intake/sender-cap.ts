/**
 * How many messages one sender may send in an hour before further ones are parked for review:
 * a customer's mail storm, or a loop the other guards missed, must not flood the desk with
 * tickets. A sliding window per sender, in this process's memory on purpose: a restart only
 * forgets recent counts (erring towards ticketing), and correctness (dedupe) never depends on it.
 * A message delivered again (a retry after 451, a second fetch) is not counted twice.
 */
export class SenderCap {
  private readonly seen = new Map<string, Array<{ at: number; id: string }>>();

  constructor(readonly perHour: number, private readonly now: () => number = Date.now) {}

  /** Counts message `id` from `sender`; false when it is over the cap (then it is not counted). */
  admit(sender: string, id: string): boolean {
    const at = this.now();
    const since = at - 3_600_000;
    const recent = (this.seen.get(sender) ?? []).filter((entry) => entry.at > since);
    this.seen.set(sender, recent);
    if (recent.some((entry) => entry.id === id)) return true;
    if (recent.length >= this.perHour) return false;
    recent.push({ at, id });
    if (this.seen.size > 10_000) this.prune(since);
    return true;
  }

  private prune(since: number): void {
    for (const [sender, entries] of this.seen) if (!entries.some((entry) => entry.at > since)) this.seen.delete(sender);
  }
}
