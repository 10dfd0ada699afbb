import {
  Alert,
  Box,
  Button,
  Center,
  EmptyState,
  Group,
  Loader,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
} from "@mantine/core";
import { IconAlertTriangle, IconRefresh } from "@tabler/icons-react";
import type { ReactNode } from "react";
import { ApiError, errorMessage } from "../api/client.ts";

export function FullPageLoader({ label = "Loading Baton" }: { label?: string }) {
  return (
    <Center h="100vh" role="status" aria-label={label}>
      <Loader size="md" type="dots" />
    </Center>
  );
}

export function PageLoader() {
  return (
    <Center py={80} role="status" aria-label="Loading page">
      <Loader size="sm" type="dots" />
    </Center>
  );
}

interface EmptyBlockProps {
  icon: ReactNode;
  title: ReactNode;
  description?: ReactNode;
  children?: ReactNode;
  size?: "sm" | "md" | "lg";
}

/** An empty state with an icon, a sentence that explains, and a call to action. */
export function EmptyBlock({ icon, title, description, children, size = "md" }: EmptyBlockProps) {
  return (
    <Box py={size === "sm" ? "lg" : 48} px="md">
      <EmptyState variant="light" size={size} icon={icon} title={title} description={description}>
        {children ? <EmptyState.Actions>{children}</EmptyState.Actions> : null}
      </EmptyState>
    </Box>
  );
}

/** Shows an API error's message, with a retry when it may help. */
export function ErrorState({
  error,
  onRetry,
  title,
}: {
  error: unknown;
  onRetry?: () => void;
  title?: string;
}) {
  const notFound = error instanceof ApiError && error.status === 404;
  const forbidden = error instanceof ApiError && error.status === 403;
  return (
    <Alert
      color={notFound || forbidden ? "yellow" : "red"}
      variant="light"
      radius="lg"
      icon={<IconAlertTriangle size={18} />}
      title={title ?? (notFound ? "Not found" : forbidden ? "Not allowed" : "Could not load this")}
      role="alert"
    >
      <Stack gap="sm" align="flex-start">
        <Box>{errorMessage(error)}</Box>
        {onRetry && !notFound && !forbidden ? (
          <Button size="xs" variant="default" leftSection={<IconRefresh size={14} />} onClick={onRetry}>
            Try again
          </Button>
        ) : null}
      </Stack>
    </Alert>
  );
}

export function TableSkeleton({ rows = 5, cols = 4 }: { rows?: number; cols?: number }) {
  return (
    <Table aria-busy="true" aria-label="Loading">
      <Table.Tbody>
        {Array.from({ length: rows }, (_, r) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: static placeholder rows
          <Table.Tr key={r}>
            {Array.from({ length: cols }, (_, c) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: static placeholder cells
              <Table.Td key={c}>
                <Skeleton height={14} width={c === 0 ? "70%" : "50%"} radius="sm" />
              </Table.Td>
            ))}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

export function CardsSkeleton({ count = 3, height = 160 }: { count?: number; height?: number }) {
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} aria-busy="true" aria-label="Loading">
      {Array.from({ length: count }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: static placeholders
        <Skeleton key={i} height={height} radius="lg" />
      ))}
    </SimpleGrid>
  );
}

/** "Load more" under a cursor-paginated list; pass the list from usePagedList. */
export function LoadMore({
  list,
}: {
  list: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => unknown };
}) {
  if (!list.hasNextPage) return null;
  return (
    <Group justify="center" p="md">
      <Button variant="default" onClick={() => list.fetchNextPage()} loading={list.isFetchingNextPage}>
        Load more
      </Button>
    </Group>
  );
}

/** A form's error that is not about one of its fields, above the form. */
export function FormError({ error }: { error: string | null }) {
  if (!error) return null;
  return (
    <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} role="alert">
      {error}
    </Alert>
  );
}
