/** What a query's part of the page shows: a placeholder, the error, the empty state, or the data. */
export type QueryView = "loading" | "error" | "empty" | "ready";

/** The parts of a TanStack Query result (or of usePagedList's) that QueryState reads. */
export interface QueryLike<T> {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  data: T | undefined;
  refetch: () => unknown;
}

/**
 * Which view a query's result calls for. An error wins over data kept from an earlier fetch (as the hand-written
 * `isPending ? … : isError ? … : empty ? … : …` did); "empty" only when an `isEmpty` test is given and holds.
 */
export function queryView<T>(
  q: Pick<QueryLike<T>, "isPending" | "isError" | "data">,
  isEmpty?: (data: T) => boolean,
): QueryView {
  if (q.isError) return "error";
  if (q.isPending || q.data === undefined) return "loading";
  if (isEmpty?.(q.data)) return "empty";
  return "ready";
}
