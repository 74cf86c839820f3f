/**
 * The exchange clock as seen from the page. Signed requests must carry a timestamp within a few
 * seconds of it, and the admin can run it faster than real time, so the page tracks both its offset
 * and its rate from the server's own answers.
 */
export class ServerClock {
  private reference: { local: number; server: number } | undefined;
  private latest: { local: number; server: number } | undefined;
  private rate = 1;
  private lastIssued = 0;

  constructor(private readonly localNow: () => number = () => performance.now()) {}

  get synced(): boolean {
    return this.latest !== undefined;
  }

  get speed(): number {
    return this.rate;
  }

  /** A server time read at local time `local` (by default now). */
  observe(server: number, local: number = this.localNow()): void {
    const ref = this.reference;
    // The rate needs a baseline of a second or more to be meaningful.
    if (ref && local - ref.local >= 1_000) {
      const rate = (server - ref.server) / (local - ref.local);
      this.rate = rate > 0 ? rate : 0;
      this.reference = { local, server };
    } else if (!ref) {
      this.reference = { local, server };
    }
    this.latest = { local, server };
  }

  /** The admin changed the speed: start measuring again from here. */
  setSpeed(speed: number): void {
    this.rate = speed;
    const now = this.localNow();
    const server = this.now();
    this.reference = { local: now, server };
    this.latest = { local: now, server };
  }

  now(): number {
    const latest = this.latest;
    if (!latest) return Date.now();
    return Math.floor(latest.server + (this.localNow() - latest.local) * this.rate);
  }

  /** A timestamp for a signature: never repeated, so two quick identical requests do not look replayed. */
  timestamp(): number {
    const t = Math.max(this.now(), this.lastIssued + 1);
    this.lastIssued = t;
    return t;
  }
}
