import {
  Badge,
  Box,
  Button,
  Card,
  Group,
  List,
  SimpleGrid,
  Stack,
  Text,
  ThemeIcon,
  Title,
} from "@mantine/core";
import { IconCheck, IconPackage, IconUsersGroup } from "@tabler/icons-react";
import { Link, useParams } from "wouter";
import { useDocumentTitle } from "../../components/Page.tsx";
import { findModule, type LoopStep } from "../../lib/modules.tsx";
import { paths } from "../../lib/paths.ts";
import { useWorkspace } from "../../lib/workspace.ts";

const LOOP: LoopStep[] = ["Gather evidence", "Decide", "Commit", "Coordinate", "Learn"];

/** A module that is not built yet: what it will do, and where it sits in the PM loop. */
export function ComingSoonPage() {
  const { workspaceId, workspace } = useWorkspace();
  const { module } = useParams<{ module: string }>();
  const info = findModule(module);
  useDocumentTitle(info?.label ?? "Not found", workspace.name);

  if (!info) {
    return (
      <Stack align="center" py={96} gap="xs">
        <Title order={2}>Nothing here</Title>
        <Text c="dimmed">This page does not exist in this workspace.</Text>
      </Stack>
    );
  }
  const Icon = info.icon;
  return (
    <Box maw={880} mx="auto" px={{ base: "md", sm: "xl" }} py={{ base: "lg", sm: 48 }}>
      <Stack gap="xl">
        <Stack align="center" ta="center" gap="md">
          <ThemeIcon size={72} radius={24} variant="light">
            <Icon size={36} stroke={1.5} />
          </ThemeIcon>
          <Badge variant="light" color="gray" size="lg" radius="sm">
            Coming soon
          </Badge>
          <Title order={1}>{info.label}</Title>
          <Text c="dimmed" maw={600} size="md">
            {info.summary}
          </Text>
        </Stack>

        <Group justify="center" gap={6} aria-label="Where this fits in the product loop">
          {LOOP.map((step, i) => (
            <Group key={step} gap={6} wrap="nowrap">
              <Badge
                variant={info.steps.includes(step) ? "filled" : "outline"}
                color={info.steps.includes(step) ? undefined : "gray"}
                radius="xl"
                tt="none"
                size="lg"
                fw={500}
              >
                {i + 1}. {step}
              </Badge>
            </Group>
          ))}
        </Group>

        <Card>
          <Stack gap="sm">
            <Title order={2} fz="md">
              What you will be able to do
            </Title>
            <List
              spacing="xs"
              size="sm"
              icon={
                <ThemeIcon size={20} radius="xl" variant="light" color="teal">
                  <IconCheck size={12} />
                </ThemeIcon>
              }
            >
              {info.features.map((f) => (
                <List.Item key={f}>{f}</List.Item>
              ))}
            </List>
          </Stack>
        </Card>

        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <Card>
            <Stack gap="xs" align="flex-start">
              <Text fw={600}>Meanwhile, set up your products</Text>
              <Text size="sm" c="dimmed">
                Everything in {info.label.toLowerCase()} will hang off the products you manage.
              </Text>
              <Button
                component={Link}
                href={paths.products(workspaceId)}
                variant="light"
                leftSection={<IconPackage size={16} />}
              >
                Go to products
              </Button>
            </Stack>
          </Card>
          <Card>
            <Stack gap="xs" align="flex-start">
              <Text fw={600}>…and bring in your team</Text>
              <Text size="sm" c="dimmed">
                Stakeholders by discipline are who will score, review and sign off.
              </Text>
              <Button
                component={Link}
                href={paths.people(workspaceId)}
                variant="light"
                leftSection={<IconUsersGroup size={16} />}
              >
                People & Teams
              </Button>
            </Stack>
          </Card>
        </SimpleGrid>
      </Stack>
    </Box>
  );
}
