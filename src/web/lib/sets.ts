/** A copy of `set` with `id` added (on), removed (off), or flipped (on omitted): for checkbox selections in state. */
export function toggled<T>(set: Set<T>, id: T, on?: boolean): Set<T> {
  const n = new Set(set);
  if (on ?? !n.has(id)) n.add(id);
  else n.delete(id);
  return n;
}
