import { Box, Group, Stack, Text, Title } from "@mantine/core";
import { type ReactNode, useEffect } from "react";

/** Sets the tab title: "Products · Acme · Baton". */
export function useDocumentTitle(...parts: (string | null | undefined)[]) {
  const title = [...parts.filter(Boolean), "Baton"].join(" · ");
  useEffect(() => {
    document.title = title;
  }, [title]);
}

interface PageProps {
  title: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  /** md: forms and settings; lg: most pages; xl: wide tables such as the backlog. */
  size?: "md" | "lg" | "xl";
}

const MAX_WIDTH = { md: 860, lg: 1200, xl: 1760 } as const;

/** The frame of every in-app page: a title row with actions, then the content. */
export function Page({ title, description, actions, children, size = "lg" }: PageProps) {
  return (
    <Box maw={MAX_WIDTH[size]} mx="auto" px={{ base: "md", sm: "xl" }} py={{ base: "md", sm: "xl" }}>
      <Stack gap="lg">
        <Group justify="space-between" align="flex-end" gap="md" wrap="wrap">
          <Stack gap={4} style={{ minWidth: 0, flex: "1 1 320px" }}>
            <Title order={1}>{title}</Title>
            {description ? (
              <Text c="dimmed" size="sm" maw={720}>
                {description}
              </Text>
            ) : null}
          </Stack>
          {actions ? (
            <Group gap="sm" wrap="wrap">
              {actions}
            </Group>
          ) : null}
        </Group>
        {children}
      </Stack>
    </Box>
  );
}

/** A bordered surface for tables and lists. */
export function Surface({ children, p = 0 }: { children: ReactNode; p?: number | string }) {
  return (
    <Box className="baton-surface" p={p} style={{ overflow: "hidden" }}>
      {children}
    </Box>
  );
}
