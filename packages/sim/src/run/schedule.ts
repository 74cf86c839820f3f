/** Agents waiting for their next tick: a binary min-heap of tick x SPACE + agent (ties by agent index). */
export const AGENT_SPACE = 2 ** 21;

export class Schedule {
  private readonly heap: number[] = [];

  get size(): number {
    return this.heap.length;
  }

  add(tick: number, agent: number): void {
    const h = this.heap;
    h.push(tick * AGENT_SPACE + agent);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (h[parent]! <= h[i]!) break;
      [h[parent], h[i]] = [h[i]!, h[parent]!];
      i = parent;
    }
  }

  /** The next agent due at or before `tick`, removed; -1 when none is. */
  popDue(tick: number): number {
    const h = this.heap;
    const top = h[0];
    if (top === undefined || top >= (tick + 1) * AGENT_SPACE) return -1;
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && h[l]! < h[m]!) m = l;
        if (r < h.length && h[r]! < h[m]!) m = r;
        if (m === i) break;
        [h[m], h[i]] = [h[i]!, h[m]!];
        i = m;
      }
    }
    return top % AGENT_SPACE;
  }
}
