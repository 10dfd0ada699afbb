import { Anchor, Badge, Grid, Group, Skeleton, Stack, Text } from "@mantine/core";
import { IconArrowLeft } from "@tabler/icons-react";
import { Link, useParams } from "wouter";
import { Page, Surface, useDocumentTitle } from "../../components/Page.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { ErrorState, LoadMore } from "../../components/States.tsx";
import { formatMoney } from "../../lib/format.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { customersPaths, useCompany, useCompanyFeedback, useCustomers } from "./hooks.ts";
import { Fact, FeedbackList } from "./parts.tsx";

/** A company: its facts and revenue, its people, and the feedback they gave. */
export function CompanyPage() {
  const { id } = useParams<{ id: string }>();
  const { workspaceId: wid, workspace, can } = useWorkspace();
  const company = useCompany(wid, id);
  const people = useCustomers(wid, "", id);
  const feedback = useCompanyFeedback(wid, id);
  useDocumentTitle(company.data?.name ?? "Company", workspace.name);
  const back = (
    <Anchor component={Link} href={customersPaths.list(wid, "companies")} size="sm" c="dimmed">
      <Group gap={4} component="span">
        <IconArrowLeft size={14} /> Companies
      </Group>
    </Anchor>
  );
  if (company.isPending) {
    return (
      <Page title={<Skeleton height={32} width={240} />}>
        <Skeleton height={240} radius="lg" />
      </Page>
    );
  }
  if (company.isError) {
    return (
      <Page title="Company">
        {back}
        <ErrorState error={company.error} onRetry={() => company.refetch()} />
      </Page>
    );
  }
  const c = company.data;
  return (
    <Page title={c.name} description={c.domain ?? undefined}>
      {back}
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Surface>
            <Text fw={600} p="md" pb={4} component="h2" m={0} fz="md">
              Feedback
            </Text>
            <QueryState query={feedback} loading={<Skeleton height={120} m="md" />}>
              {(data) => <FeedbackList wid={wid} items={data.items} />}
            </QueryState>
          </Surface>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="lg">
            <Surface p="md">
              <Stack gap="sm">
                <Fact label="Segment">
                  {c.segment ? (
                    <Badge variant="light" tt="none" fw={500}>
                      {c.segment}
                    </Badge>
                  ) : (
                    "—"
                  )}
                </Fact>
                <Fact label="Plan">{c.plan ?? "—"}</Fact>
                {can("customers.revenue") ? (
                  <>
                    <Fact label="ARR">{formatMoney(c.arr, c.currency)}</Fact>
                    <Fact label="MRR">{formatMoney(c.mrr, c.currency)}</Fact>
                  </>
                ) : null}
              </Stack>
            </Surface>
            <Surface>
              <Text fw={600} p="md" pb={4} component="h2" m={0} fz="md">
                People ({c.peopleCount})
              </Text>
              <Stack gap={0} component="ul" m={0} p={0} style={{ listStyle: "none" }}>
                {people.items.map((p) => (
                  <Group
                    component="li"
                    key={p.id}
                    justify="space-between"
                    px="md"
                    py={8}
                    wrap="nowrap"
                    style={{ borderTop: "1px solid var(--mantine-color-default-border)" }}
                  >
                    <Anchor component={Link} href={customersPaths.person(wid, p.id)} size="sm" truncate>
                      {p.name}
                    </Anchor>
                    <Text size="xs" c="dimmed">
                      {p.feedbackCount} feedback
                    </Text>
                  </Group>
                ))}
              </Stack>
              <LoadMore list={people} />
            </Surface>
          </Stack>
        </Grid.Col>
      </Grid>
    </Page>
  );
}
