import { Anchor, Box, Center, Paper, Stack, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";
import { Logo } from "../../components/Logo.tsx";
import { useDocumentTitle } from "../../components/Page.tsx";

interface AuthLayoutProps {
  title: string;
  subtitle?: ReactNode;
  children: ReactNode;
  footer?: ReactNode;
  width?: number;
}

/** The frame of the pages seen before entering a workspace: set-up, log-in, invitations. */
export function AuthLayout({ title, subtitle, children, footer, width = 420 }: AuthLayoutProps) {
  useDocumentTitle(title);
  return (
    <Box className="baton-auth-bg">
      <Center mih="100vh" px="md" py={48}>
        <Stack w="100%" maw={width} gap="lg">
          <Center>
            <Logo size={34} />
          </Center>
          <Paper withBorder shadow="sm" p={{ base: "lg", sm: 32 }} radius="lg">
            <Stack gap="lg">
              <Stack gap={6}>
                <Title order={1} fz={22}>
                  {title}
                </Title>
                {subtitle ? (
                  <Text c="dimmed" size="sm">
                    {subtitle}
                  </Text>
                ) : null}
              </Stack>
              {children}
            </Stack>
          </Paper>
          {footer ? (
            <Text ta="center" size="sm" c="dimmed">
              {footer}
            </Text>
          ) : null}
          <Text ta="center" size="xs" c="dimmed">
            Baton — open-source product management.{" "}
            <Anchor href="/api/v1/docs" size="xs" c="dimmed" underline="always">
              API reference
            </Anchor>
          </Text>
        </Stack>
      </Center>
    </Box>
  );
}
