// A memo of fixed size for what a crawl meets on page after page (the nav,
// the static assets), kept from filling with what it meets once (each page's
// own links). Not a Map cleared when full: the one-off keys fill it with the
// site, its tables grow again after every clear, and everything it held lived
// long enough to be promoted to V8's old generation, where it stays as
// garbage until a full GC (measured on the 10k bench site: the memos' Maps
// were 14 MB of the 55 MB the crawl promoted).
//
// Two tables of slots, each key in one slot of each chosen by its hash, a new
// key taking the slot over. A key is first remembered in `recent`, small
// enough that a one-off key is pushed out within a few pages and dies young;
// met again while still there, it moves to `hot`, where the nav and the
// assets stay.

/** One table: a key and its value per slot. */
class Slots<V> {
  private readonly keys: Array<string | undefined>;
  private readonly values: Array<V | undefined>;
  private readonly mask: number;

  constructor(size: number) {
    this.mask = size - 1;
    this.keys = new Array<string | undefined>(size).fill(undefined);
    this.values = new Array<V | undefined>(size).fill(undefined);
  }

  get(key: string, slot: number): V | undefined {
    const at = slot & this.mask;
    return this.keys[at] === key ? this.values[at] : undefined;
  }

  set(key: string, slot: number, value: V): void {
    const at = slot & this.mask;
    this.keys[at] = key;
    this.values[at] = value;
  }

  /** The key as stored in its slot: the memo's own string, not the caller's (which may be a slice of a page). */
  storedKey(slot: number): string {
    return this.keys[slot & this.mask] as string;
  }
}

/** Slots for keys met once lately: at a few new keys a page, a key not met again is pushed out within a few pages. */
export const RECENT_SLOTS = 256;

export class SlotMemo<V> {
  private readonly hot: Slots<V>;
  private readonly recent = new Slots<V>(RECENT_SLOTS);

  /** `hotSlots` (a power of two) bounds what stays: room for what every page shares, not for the site. */
  constructor(hotSlots: number) {
    if (!Number.isInteger(Math.log2(hotSlots))) throw new RangeError(`${hotSlots} slots: a power of two is needed`);
    this.hot = new Slots(hotSlots);
  }

  /** The value remembered for `key`, or undefined. */
  get(key: string): V | undefined {
    const slot = slotOf(key);
    const hot = this.hot.get(key, slot);
    if (hot !== undefined) return hot;
    const recent = this.recent.get(key, slot);
    // Met twice lately: one the crawl shares. Its stored key moves: the caller's may hold a whole page.
    if (recent !== undefined) this.hot.set(this.recent.storedKey(slot), slot, recent);
    return recent;
  }

  /** Remembers `value` for `key` (a miss of get), in place of whatever held its slot. `key` is kept: pass a copy, not a slice. */
  set(key: string, value: V): void {
    this.recent.set(key, slotOf(key), value);
  }
}

/** FNV-1a over the UTF-16 code units: cheap, and spreads URLs that differ in one digit. */
function slotOf(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}
