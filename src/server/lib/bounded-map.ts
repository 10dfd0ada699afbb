/**
 * A Map that keeps at most `max` entries, forgetting the one set longest ago. Setting a key again moves it
 * to the newest place, so re-setting on a hit makes it least-recently-used.
 */
export class BoundedMap<K, V> extends Map<K, V> {
  constructor(private readonly max: number) {
    super();
  }

  override set(key: K, value: V) {
    super.delete(key);
    super.set(key, value);
    if (this.size > this.max) super.delete(this.keys().next().value as K);
    return this;
  }
}
