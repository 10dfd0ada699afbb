import { type QueryKey, useInfiniteQuery } from "@tanstack/react-query";
import { api, type Page, type Query } from "./client.ts";

/** Query keys of a workspace's data all start with ["ws", wid, resource]. */
export const wsKey = (wid: string, resource: string, ...rest: unknown[]): QueryKey => [
  "ws",
  wid,
  resource,
  ...rest,
];

/** A cursor-paginated list ("load more"). */
export function usePagedList<T>(key: QueryKey, path: string, query: Query = {}, limit = 50, enabled = true) {
  const q = useInfiniteQuery({
    queryKey: [...key, query],
    queryFn: ({ pageParam, signal }) =>
      api.get<Page<T>>(path, { ...query, limit, cursor: pageParam ?? undefined }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    enabled,
  });
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  return { ...q, items };
}
