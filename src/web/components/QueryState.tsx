import { Stack } from "@mantine/core";
import type { ReactNode } from "react";
import { type QueryLike, queryView } from "./queryView.ts";
import { ErrorState, TableSkeleton } from "./States.tsx";

interface QueryStateProps<T> {
  /** A useQuery / usePagedList result. */
  query: QueryLike<T>;
  /** Shown while the first fetch runs (a skeleton of what will come); a table skeleton by default. */
  loading?: ReactNode;
  /** When the data counts as empty (e.g. `(d) => d.items.length === 0`); without it there is no empty view. */
  isEmpty?: (data: T) => boolean;
  /** Shown when `isEmpty` holds (an EmptyBlock, a line of text…). */
  empty?: ReactNode;
  /** The error alert's title (ErrorState picks one from the status otherwise). */
  errorTitle?: string;
  /** false: the error alert has no "Try again" (the default retries with `query.refetch()`). */
  retry?: boolean;
  /** Pads the error alert, for a query shown inside a card or a table's surface. */
  errorInset?: boolean;
  /** The data's view, given the loaded data. */
  children: (data: T) => ReactNode;
}

/**
 * One query's part of a page: its loading placeholder, its error (with a retry), its empty state, or its data.
 * Replaces the `isPending ? skeleton : isError ? error : empty ? block : table` ternary.
 */
export function QueryState<T>({
  query,
  loading = <TableSkeleton />,
  isEmpty,
  empty = null,
  errorTitle,
  retry = true,
  errorInset = false,
  children,
}: QueryStateProps<T>) {
  switch (queryView(query, isEmpty)) {
    case "loading":
      return loading;
    case "error": {
      const alert = (
        <ErrorState
          error={query.error}
          title={errorTitle}
          onRetry={retry ? () => query.refetch() : undefined}
        />
      );
      return errorInset ? <Stack p="md">{alert}</Stack> : alert;
    }
    case "empty":
      return empty;
    default:
      return children(query.data as T);
  }
}
