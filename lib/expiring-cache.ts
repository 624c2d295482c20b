/**
 * Answers kept in memory until a time of their own, at most `limit` of them: beyond it,
 * the least recently used is forgotten first. A Map keeps insertion order, so a read
 * moves its entry to the end and the first key is always the one to drop.
 */
export class ExpiringCache<V> {
  readonly #entries = new Map<string, { value: V; until: number }>();

  constructor(readonly limit: number) {}

  /** The value for `key` while `now` is before its time (ms), else null (and forgotten). */
  get(key: string, now: number): V | null {
    const entry = this.#entries.get(key);
    if (!entry) return null;
    this.#entries.delete(key);
    if (entry.until <= now) return null;
    this.#entries.set(key, entry);
    return entry.value;
  }

  set(key: string, value: V, until: number) {
    this.#entries.delete(key);
    this.#entries.set(key, { value, until });
    if (this.#entries.size > this.limit) this.#entries.delete(this.#entries.keys().next().value!);
  }
}
