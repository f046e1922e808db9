// A memo of fixed size for what a crawl meets on page after page (the nav,
// the static assets): each key has one slot, chosen by its hash, and a new
// key takes the slot over. Not a Map cleared when full: a crawl's one-off
// keys (each page's own links) fill a Map with the site, its tables grow
// again after every clear, and everything it held lived long enough to be
// promoted to V8's old generation and stays there as garbage until a full GC
// (on a 10k-page site, about 14 MB of it). Here the slots are allocated once,
// a hot key keeps its slot unless another key hashes to it, and a key pushed
// out costs only its own strings.

export class SlotMemo<V> {
  private readonly keys: Array<string | undefined>;
  private readonly values: Array<V | undefined>;
  private readonly mask: number;

  /** `slots` is rounded up to a power of two. */
  constructor(slots: number) {
    const size = 2 ** Math.ceil(Math.log2(Math.max(2, slots)));
    this.mask = size - 1;
    this.keys = new Array<string | undefined>(size).fill(undefined);
    this.values = new Array<V | undefined>(size).fill(undefined);
  }

  /** The value remembered for `key`, or undefined. */
  get(key: string): V | undefined {
    const slot = this.slotOf(key);
    return this.keys[slot] === key ? this.values[slot] : undefined;
  }

  /** Remembers `value` for `key`, in place of whatever held its slot. */
  set(key: string, value: V): void {
    const slot = this.slotOf(key);
    this.keys[slot] = key;
    this.values[slot] = value;
  }

  /** FNV-1a over the UTF-16 code units: cheap, and spreads URLs that differ in one digit. */
  private slotOf(key: string): number {
    let hash = 0x811c9dc5;
    for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
    return (hash >>> 0) & this.mask;
  }
}
