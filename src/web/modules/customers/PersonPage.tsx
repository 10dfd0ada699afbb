import { Anchor, Badge, Button, Grid, Group, Skeleton, Stack, Text } from "@mantine/core";
import { IconArrowLeft, IconArrowsJoin } from "@tabler/icons-react";
import { useState } from "react";
import { Link, useParams } from "wouter";
import type { IdeaStatus } from "../../../shared/enums.ts";
import { Page, Surface, useDocumentTitle } from "../../components/Page.tsx";
import { ErrorState } from "../../components/States.tsx";
import { formatDate, formatMoney } from "../../lib/format.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { ImportanceBadge } from "../feedback/labels.tsx";
import { StatusBadge } from "../ideas/components.tsx";
import { ideaPaths } from "../ideas/paths.ts";
import { ToldPanel } from "../loop/ToldPanel.tsx";
import { customersPaths, usePersonPage } from "./hooks.ts";
import { MergePersonModal } from "./MergePersonModal.tsx";
import { Fact, FeedbackList } from "./parts.tsx";

/** A customer: who they are, their feedback, and the ideas their feedback supports. */
export function PersonPage() {
  const { id } = useParams<{ id: string }>();
  const { workspaceId: wid, workspace, can } = useWorkspace();
  const page = usePersonPage(wid, id);
  const [merging, setMerging] = useState(false);
  useDocumentTitle(page.data?.person.name ?? "Customer", workspace.name);
  const back = (
    <Anchor component={Link} href={customersPaths.list(wid, "people")} size="sm" c="dimmed">
      <Group gap={4} component="span">
        <IconArrowLeft size={14} /> Customers
      </Group>
    </Anchor>
  );
  if (page.isPending) {
    return (
      <Page title={<Skeleton height={32} width={240} />}>
        <Skeleton height={240} radius="lg" />
      </Page>
    );
  }
  if (page.isError) {
    return (
      <Page title="Customer">
        {back}
        <ErrorState error={page.error} onRetry={() => page.refetch()} />
      </Page>
    );
  }
  const { person, company, feedback, ideas } = page.data;
  return (
    <Page
      title={person.name}
      description={person.email ?? undefined}
      actions={
        can("customers.manage") ? (
          <Button
            variant="default"
            leftSection={<IconArrowsJoin size={16} />}
            onClick={() => setMerging(true)}
          >
            Merge duplicate…
          </Button>
        ) : null
      }
    >
      {back}
      <MergePersonModal opened={merging} onClose={() => setMerging(false)} wid={wid} person={person} />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="lg">
            <Surface>
              <Text fw={600} p="md" pb={4} component="h2" m={0} fz="md">
                Ideas they support
              </Text>
              {ideas.length === 0 ? (
                <Text size="sm" c="dimmed" p="md" pt={4}>
                  None of their feedback is linked to an idea yet.
                </Text>
              ) : (
                <Stack gap={0} component="ul" m={0} p={0} style={{ listStyle: "none" }}>
                  {ideas.map((i) => (
                    <Group
                      component="li"
                      key={i.ideaId}
                      justify="space-between"
                      wrap="wrap"
                      gap="xs"
                      px="md"
                      py="sm"
                      style={{ borderTop: "1px solid var(--mantine-color-default-border)" }}
                    >
                      <Anchor
                        component={Link}
                        href={ideaPaths.idea(wid, i.ideaId)}
                        size="sm"
                        fw={500}
                        style={{ minWidth: 0, overflowWrap: "anywhere" }}
                      >
                        {i.title}
                      </Anchor>
                      <Group gap={6} wrap="nowrap">
                        <ImportanceBadge importance={i.importance} />
                        <StatusBadge status={i.status as IdeaStatus} />
                      </Group>
                    </Group>
                  ))}
                </Stack>
              )}
            </Surface>
            <Surface>
              <Text fw={600} p="md" pb={4} component="h2" m={0} fz="md">
                Feedback ({person.feedbackCount})
              </Text>
              <FeedbackList wid={wid} items={feedback} />
            </Surface>
            <ToldPanel wid={wid} personId={person.id} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Surface p="md">
            <Stack gap="sm">
              <Fact label="Company">
                {company ? (
                  <Anchor component={Link} href={customersPaths.company(wid, company.id)} size="sm">
                    {company.name}
                  </Anchor>
                ) : (
                  <Text size="sm" c="dimmed">
                    None
                  </Text>
                )}
              </Fact>
              {company?.segment ? (
                <Fact label="Segment">
                  <Badge variant="light" tt="none" fw={500}>
                    {company.segment}
                  </Badge>
                </Fact>
              ) : null}
              {company && can("customers.revenue") ? (
                <Fact label="Company ARR">{formatMoney(company.arr, company.currency)}</Fact>
              ) : null}
              {person.externalId ? <Fact label="External id">{person.externalId}</Fact> : null}
              <Fact label="Customer since">{formatDate(person.createdAt)}</Fact>
            </Stack>
          </Surface>
        </Grid.Col>
      </Grid>
    </Page>
  );
}
