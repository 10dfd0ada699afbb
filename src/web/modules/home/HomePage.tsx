import {
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Progress,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  ThemeIcon,
  Title,
  UnstyledButton,
} from "@mantine/core";
import {
  type Icon,
  IconArrowRight,
  IconCircleCheckFilled,
  IconCircleDashed,
  IconMailForward,
  IconPackage,
  IconPlus,
  IconUsers,
  IconUsersGroup,
} from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { Suspense } from "react";
import { Link } from "wouter";
import {
  LIFECYCLE_STAGES,
  type LifecycleStage,
  ROLE_LABELS,
  ROLES,
  type Role,
} from "../../../shared/enums.ts";
import type { WorkspaceSummary } from "../../../shared/schemas.ts";
import { type Page as ApiPage, api } from "../../api/client.ts";
import { wsKey } from "../../api/hooks.ts";
import type { Team } from "../../api/types.ts";
import { DisciplineBadge } from "../../components/Badges.tsx";
import { Page, useDocumentTitle } from "../../components/Page.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { ROLE_COLORS, STAGE_COLORS, STAGE_LABELS } from "../../lib/labels.ts";
import { lazyNamed } from "../../lib/lazy.ts";
import { MODULES } from "../../lib/modules.tsx";
import { paths } from "../../lib/paths.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { WaitingForVoteCard } from "../rounds/WaitingForVoteCard.tsx";
import { WaitingForSignoffCard } from "../signoffs/WaitingForSignoffCard.tsx";

const StageChart = lazyNamed(() => import("./StageChart.tsx"), "StageChart");

function greeting(name: string) {
  const h = new Date().getHours();
  const part = h < 5 ? "Good evening" : h < 12 ? "Good morning" : h < 18 ? "Good afternoon" : "Good evening";
  return `${part}, ${name.split(/\s+/)[0]}`;
}

function StatCard({
  label,
  value,
  icon: Icon,
  href,
  loading,
  hint,
}: {
  label: string;
  value: string;
  icon: Icon;
  href: string;
  loading: boolean;
  hint?: string;
}) {
  return (
    <Card
      component={Link}
      href={href}
      p="md"
      style={{ textDecoration: "none", color: "inherit" }}
      aria-label={`${label}: ${value}`}
    >
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Stack gap={2}>
          <Text size="xs" c="dimmed" fw={600} tt="uppercase" style={{ letterSpacing: "0.05em" }}>
            {label}
          </Text>
          {loading ? (
            <Skeleton h={30} w={48} mt={4} />
          ) : (
            <Text fz={28} fw={700} lh={1.2}>
              {value}
            </Text>
          )}
          {hint ? (
            <Text size="xs" c="dimmed">
              {hint}
            </Text>
          ) : null}
        </Stack>
        <ThemeIcon variant="light" size={38} radius="md">
          <Icon size={20} stroke={1.7} />
        </ThemeIcon>
      </Group>
    </Card>
  );
}

export function HomePage() {
  const { workspaceId: wid, workspace, user, can } = useWorkspace();
  useDocumentTitle("Home", workspace.name);
  // One round trip for every count on this page; the team list shows the newest few.
  const summary = useQuery({
    queryKey: wsKey(wid, "summary"),
    queryFn: () => api.get<WorkspaceSummary>(`/workspaces/${wid}/summary`),
    staleTime: 0, // counts change with every write anywhere: refetch on each visit
  });
  const teams = useQuery({
    queryKey: wsKey(wid, "teams", "overview"),
    queryFn: () => api.get<ApiPage<Team>>(`/workspaces/${wid}/teams`, { limit: 6 }),
  });
  const canInvite = can("invitations.manage");
  const s = summary.data;
  const stageCounts = (s?.products.byStage ??
    Object.fromEntries(LIFECYCLE_STAGES.map((st) => [st, 0]))) as Record<LifecycleStage, number>;
  const roleCounts = (s?.members.byRole ?? Object.fromEntries(ROLES.map((r) => [r, 0]))) as Record<
    Role,
    number
  >;
  const memberTotal = s?.members.total ?? 0;
  const pending = s?.pendingInvitations ?? 0;
  const count = (n: number | undefined) => (n === undefined ? "—" : String(n));

  const steps = [
    {
      done: (s?.products.total ?? 0) > 0,
      label: "Add your first product",
      hint: "What you run the product loop for",
      href: `${paths.products(wid)}?new=1`,
      show: can("products.write"),
    },
    {
      done: (s?.teams.total ?? 0) > 0,
      label: "Create a team",
      hint: "Group people by discipline, with their capacity",
      href: `${paths.people(wid, "teams")}?new=1`,
      show: can("teams.write"),
    },
    {
      done: memberTotal > 1 || pending > 0,
      label: "Invite your stakeholders",
      hint: "Design, engineering, QA, docs, marketing, support…",
      href: `${paths.settings(wid, "invitations")}?new=1`,
      show: canInvite,
    },
  ].filter((s) => s.show);
  const loadingSteps = summary.isPending;
  const allDone = steps.every((s) => s.done);

  return (
    <Page title={greeting(user.name)} description={`Here is how ${workspace.name} is set up.`}>
      <WaitingForSignoffCard />
      <WaitingForVoteCard />
      <SimpleGrid cols={{ base: 2, md: canInvite ? 4 : 3 }} spacing="md">
        <StatCard
          label="Products"
          value={count(s?.products.total)}
          icon={IconPackage}
          href={paths.products(wid)}
          loading={summary.isPending}
        />
        <StatCard
          label="Teams"
          value={count(s?.teams.total)}
          icon={IconUsersGroup}
          href={paths.people(wid, "teams")}
          loading={summary.isPending}
        />
        <StatCard
          label="Members"
          value={count(s?.members.total)}
          icon={IconUsers}
          href={paths.people(wid, "members")}
          loading={summary.isPending}
        />
        {canInvite ? (
          <StatCard
            label="Pending invitations"
            value={count(s?.pendingInvitations ?? undefined)}
            icon={IconMailForward}
            href={paths.settings(wid, "invitations")}
            loading={summary.isPending}
          />
        ) : null}
      </SimpleGrid>

      {!loadingSteps && steps.length > 0 && !allDone ? (
        <Card>
          <Stack gap="sm">
            <Group justify="space-between">
              <Title order={2} fz="md">
                Get started
              </Title>
              <Text size="xs" c="dimmed">
                {steps.filter((s) => s.done).length} of {steps.length} done
              </Text>
            </Group>
            <Progress
              value={(100 * steps.filter((s) => s.done).length) / steps.length}
              size="sm"
              aria-label="Setup steps done"
            />
            <SimpleGrid cols={{ base: 1, sm: steps.length }} spacing="sm">
              {steps.map((s) => (
                <UnstyledButton
                  key={s.label}
                  component={Link}
                  href={s.href}
                  p="sm"
                  style={{
                    border: "1px solid var(--mantine-color-default-border)",
                    borderRadius: "var(--mantine-radius-md)",
                    opacity: s.done ? 0.65 : 1,
                  }}
                >
                  <Group gap="sm" wrap="nowrap" align="flex-start">
                    {s.done ? (
                      <IconCircleCheckFilled
                        size={20}
                        color="var(--mantine-color-teal-6)"
                        aria-label="Done"
                      />
                    ) : (
                      <IconCircleDashed size={20} color="var(--mantine-color-dimmed)" aria-label="To do" />
                    )}
                    <Stack gap={0}>
                      <Text size="sm" fw={600} td={s.done ? "line-through" : undefined}>
                        {s.label}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {s.hint}
                      </Text>
                    </Stack>
                  </Group>
                </UnstyledButton>
              ))}
            </SimpleGrid>
          </Stack>
        </Card>
      ) : null}

      <SimpleGrid cols={{ base: 1, md: 3 }} spacing="md">
        <Card className="baton-span-2">
          <Stack gap="sm">
            <Group justify="space-between">
              <Title order={2} fz="md">
                Products by lifecycle stage
              </Title>
              <Anchor component={Link} href={paths.products(wid)} size="sm">
                All products
              </Anchor>
            </Group>
            <QueryState
              query={summary}
              loading={<Skeleton h={220} />}
              isEmpty={(data) => data.products.total === 0}
              empty={
                <Stack align="center" justify="center" h={220} gap="xs">
                  <ThemeIcon variant="light" size={44} radius="xl">
                    <IconPackage size={22} />
                  </ThemeIcon>
                  <Text fw={600}>No products yet</Text>
                  <Text size="sm" c="dimmed" ta="center" maw={360}>
                    Products and their stage — from idea to retirement — will be charted here.
                  </Text>
                  {can("products.write") ? (
                    <Button
                      component={Link}
                      href={`${paths.products(wid)}?new=1`}
                      size="xs"
                      leftSection={<IconPlus size={14} />}
                      mt={4}
                    >
                      Add a product
                    </Button>
                  ) : null}
                </Stack>
              }
            >
              {() => (
                <>
                  <Suspense fallback={<Skeleton h={220} />}>
                    <StageChart counts={stageCounts} />
                  </Suspense>
                  <Group gap={6}>
                    {LIFECYCLE_STAGES.filter((s) => stageCounts[s] > 0).map((s) => (
                      <Badge key={s} color={STAGE_COLORS[s]} variant="light">
                        {STAGE_LABELS[s]} · {stageCounts[s]}
                      </Badge>
                    ))}
                  </Group>
                </>
              )}
            </QueryState>
          </Stack>
        </Card>
        <Card>
          <Stack gap="sm">
            <Group justify="space-between">
              <Title order={2} fz="md">
                People by role
              </Title>
              <Anchor component={Link} href={paths.people(wid, "members")} size="sm">
                People
              </Anchor>
            </Group>
            {summary.isPending ? (
              <Stack gap="xs">
                {[1, 2, 3].map((i) => (
                  <Skeleton key={i} h={18} />
                ))}
              </Stack>
            ) : (
              ROLES.filter((r) => roleCounts[r] > 0).map((r) => (
                <Stack key={r} gap={4}>
                  <Group justify="space-between">
                    <Text size="sm">{ROLE_LABELS[r]}</Text>
                    <Text size="sm" fw={600}>
                      {roleCounts[r]}
                    </Text>
                  </Group>
                  <Progress
                    value={(100 * roleCounts[r]) / Math.max(1, memberTotal)}
                    color={ROLE_COLORS[r]}
                    size="sm"
                    aria-label={`Share of ${ROLE_LABELS[r]} among members`}
                  />
                </Stack>
              ))
            )}
          </Stack>
        </Card>
      </SimpleGrid>

      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Card>
          <Stack gap="sm">
            <Group justify="space-between">
              <Title order={2} fz="md">
                Teams
              </Title>
              <Anchor component={Link} href={paths.people(wid, "teams")} size="sm">
                All teams
              </Anchor>
            </Group>
            <QueryState
              query={teams}
              loading={
                <Stack gap="xs">
                  {[1, 2, 3].map((i) => (
                    <Skeleton key={i} h={22} />
                  ))}
                </Stack>
              }
              isEmpty={(data) => data.items.length === 0}
              empty={
                <Text size="sm" c="dimmed">
                  No teams yet. Teams group people by discipline, with the share of their time they give.
                </Text>
              }
            >
              {(data) =>
                data.items.slice(0, 6).map((t) => (
                  <Group key={t.id} justify="space-between" wrap="nowrap">
                    <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
                      <Text size="sm" fw={500} truncate>
                        {t.name}
                      </Text>
                      <DisciplineBadge discipline={t.discipline} />
                    </Group>
                    <Text size="xs" c="dimmed" style={{ flexShrink: 0 }}>
                      {t.members.length} {t.members.length === 1 ? "member" : "members"}
                    </Text>
                  </Group>
                ))
              }
            </QueryState>
          </Stack>
        </Card>
        <Card>
          <Stack gap="sm">
            <Title order={2} fz="md">
              Coming to Baton
            </Title>
            <Text size="sm" c="dimmed">
              The rest of the product loop arrives module by module: gather evidence, decide, commit,
              coordinate, learn.
            </Text>
            <SimpleGrid cols={2} spacing={6}>
              {MODULES.filter((m) => m.comingSoon).map((m) => {
                const Icon = m.icon;
                return (
                  <UnstyledButton
                    key={m.key}
                    component={Link}
                    href={paths.module(wid, m.key)}
                    px="xs"
                    py={6}
                    style={{ borderRadius: "var(--mantine-radius-md)" }}
                    className="baton-switcher"
                  >
                    <Group gap={8} wrap="nowrap">
                      <Icon size={16} stroke={1.7} />
                      <Text size="sm">{m.label}</Text>
                      <IconArrowRight size={12} style={{ opacity: 0.4, marginLeft: "auto" }} />
                    </Group>
                  </UnstyledButton>
                );
              })}
            </SimpleGrid>
          </Stack>
        </Card>
      </SimpleGrid>
    </Page>
  );
}
