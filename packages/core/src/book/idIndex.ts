/**
 * Order id -> slot map for ids the engine issues in sequence: a paged direct-address table.
 * A lookup is two array reads (a JS Map costs ~100 ns and allocates; a hash table on typed arrays
 * scatters consecutive ids across memory). Pages are allocated when an id first lands in them and
 * dropped when their last id leaves, so memory follows the ids still live: at worst one page
 * (4 KiB) per live order when live ids are far apart.
 */
const PAGE_BITS = 10;
const PAGE_SIZE = 1 << PAGE_BITS;
const PAGE_MASK = PAGE_SIZE - 1;
/** The extra cell at the end of a page counts its live ids. */
const LIVE = PAGE_SIZE;
/** Pages below this number live in an array (ids < 2^30); ids beyond, rare, page through a Map. */
const DIRECT_PAGES = 1 << 20;
const TWO_32 = 4294967296;

/** Page number of an id: a shift while ids fit 32 bits (always, in practice), else a division. */
function pageOf(id: number): number {
  return id < TWO_32 ? id >>> PAGE_BITS : Math.floor(id / PAGE_SIZE);
}

export class IdIndex {
  /** Slot + 1 per id (0 = absent), by page number. */
  private readonly pages: (Int32Array | undefined)[] = [];
  private readonly farPages = new Map<number, Int32Array>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** The slot stored for `id`, or -1. */
  get(id: number): number {
    const p = pageOf(id);
    const page = p < DIRECT_PAGES ? this.pages[p] : this.farPages.get(p);
    return page === undefined ? -1 : page[(id | 0) & PAGE_MASK]! - 1;
  }

  /** Store `slot` for an id that is not present (ids are positive safe integers). */
  insert(id: number, slot: number): void {
    const p = pageOf(id);
    let page = this.page(p);
    if (page === undefined) {
      page = new Int32Array(PAGE_SIZE + 1);
      if (p < DIRECT_PAGES) {
        while (this.pages.length < p) this.pages.push(undefined);
        this.pages[p] = page;
      } else {
        this.farPages.set(p, page);
      }
    }
    page[(id | 0) & PAGE_MASK] = slot + 1;
    page[LIVE]!++;
    this.count++;
  }

  /** Remove `id`; returns its slot or -1 when absent. */
  delete(id: number): number {
    const p = pageOf(id);
    const page = this.page(p);
    if (page === undefined) return -1;
    const cell = (id | 0) & PAGE_MASK;
    const slot = page[cell]! - 1;
    if (slot === -1) return -1;
    page[cell] = 0;
    this.count--;
    if (--page[LIVE]! === 0) {
      if (p < DIRECT_PAGES) this.pages[p] = undefined;
      else this.farPages.delete(p);
    }
    return slot;
  }

  private page(p: number): Int32Array | undefined {
    return p < DIRECT_PAGES ? this.pages[p] : this.farPages.get(p);
  }
}
