import { Button, Group, SegmentedControl, Select, Skeleton, Stack, Tabs, Text } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconChartPie, IconPlus, IconSearch, IconTarget } from "@tabler/icons-react";
import { Suspense, useMemo, useState } from "react";
import { useLocation, useParams } from "wouter";
import { OBJECTIVE_STATUSES, type ObjectiveStatus } from "../../../shared/enums.ts";
import type { KeyResult, Objective } from "../../../shared/roadmap.schemas.ts";
import { Page, useDocumentTitle } from "../../components/Page.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { EmptyBlock } from "../../components/States.tsx";
import { pluralize } from "../../lib/format.ts";
import { lazyNamed } from "../../lib/lazy.ts";
import { useNewParam } from "../../lib/use-new-param.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { useAllProducts } from "../rounds/hooks.ts";
import { OBJECTIVE_STATUS_LABELS, objectivePaths, pct } from "./format.ts";
import { useObjectives } from "./hooks.ts";
import { KeyResultModal } from "./KeyResultForm.tsx";
import { isBehind, ObjectiveCard } from "./ObjectiveCard.tsx";
import { ObjectiveFormModal } from "./ObjectiveFormModal.tsx";

const CoverageTab = lazyNamed(() => import("./CoverageTab.tsx"), "CoverageTab");

const ALL = "all";
const COMPANY = "company";
/** Active objectives first, then the most important. */
const STATUS_ORDER: readonly ObjectiveStatus[] = OBJECTIVE_STATUSES;

/** Objectives (company and product) with their key results, and the coverage of planned work. */
export function ObjectivesPage() {
  const { workspaceId: wid, workspace, can } = useWorkspace();
  const params = useParams<{ tab?: string }>();
  const [, navigate] = useLocation();
  const tab = params.tab === "coverage" ? "coverage" : "list";
  useDocumentTitle(tab === "coverage" ? "Objective coverage" : "Objectives", workspace.name);
  const canEdit = can("objectives.write");

  const [scope, setScope] = useState<string>(ALL);
  const [editing, setEditing] = useState<Objective | null>(null);
  const [formOpened, form] = useDisclosure(false);
  const [krTarget, setKrTarget] = useState<{ objective: Objective; kr: KeyResult | null } | null>(null);

  const openNew = () => {
    setEditing(null);
    form.open();
  };
  useNewParam(objectivePaths.list(wid), () => {
    if (!canEdit) return;
    if (tab !== "list") navigate(objectivePaths.list(wid), { replace: true });
    openNew();
  });

  return (
    <Page
      title="Objectives"
      description="Company and product goals with measurable key results — and how much of the planned work serves each one."
      actions={
        canEdit ? (
          <Button leftSection={<IconPlus size={16} />} onClick={openNew}>
            New objective
          </Button>
        ) : null
      }
    >
      <Tabs
        value={tab}
        onChange={(v) => navigate(v === "coverage" ? objectivePaths.coverage(wid) : objectivePaths.list(wid))}
        keepMounted={false}
      >
        <Tabs.List mb="md">
          <Tabs.Tab value="list" leftSection={<IconTarget size={16} />}>
            Objectives
          </Tabs.Tab>
          <Tabs.Tab value="coverage" leftSection={<IconChartPie size={16} />}>
            Coverage
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="list">
          <ObjectivesList
            scope={scope}
            setScope={setScope}
            canEdit={canEdit}
            onCreate={openNew}
            onEdit={(o) => {
              setEditing(o);
              form.open();
            }}
            onKeyResult={(objective, kr) => setKrTarget({ objective, kr })}
          />
        </Tabs.Panel>
        <Tabs.Panel value="coverage">
          <Suspense fallback={<Skeleton h={360} radius="lg" />}>
            <CoverageTab />
          </Suspense>
        </Tabs.Panel>
      </Tabs>
      <ObjectiveFormModal
        opened={formOpened}
        onClose={form.close}
        objective={editing}
        initialProductId={scope !== ALL && scope !== COMPANY ? scope : null}
      />
      <KeyResultModal
        opened={krTarget !== null}
        onClose={() => setKrTarget(null)}
        objective={krTarget?.objective ?? null}
        keyResult={krTarget?.kr ?? null}
      />
    </Page>
  );
}

function ObjectivesList({
  scope,
  setScope,
  canEdit,
  onCreate,
  onEdit,
  onKeyResult,
}: {
  scope: string;
  setScope: (s: string) => void;
  canEdit: boolean;
  onCreate: () => void;
  onEdit: (o: Objective) => void;
  onKeyResult: (o: Objective, kr: KeyResult | null) => void;
}) {
  const { workspaceId: wid } = useWorkspace();
  const [status, setStatus] = useState<ObjectiveStatus | "all">("all");
  const products = useAllProducts(wid);
  const objectives = useObjectives(wid, status === "all" ? null : status);
  const productNames = useMemo(
    () => new Map((products.data ?? []).map((p) => [p.id, p.name])),
    [products.data],
  );

  // A product's view also shows the company objectives: they apply to every product.
  const shown = (objectives.data ?? [])
    .filter((o) =>
      scope === ALL
        ? true
        : scope === COMPANY
          ? o.productId === null
          : o.productId === scope || o.productId === null,
    )
    .sort(
      (a, b) =>
        STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status) ||
        b.importance - a.importance ||
        a.periodStart.localeCompare(b.periodStart),
    );
  const filtered = scope !== ALL || status !== "all";
  const withProgress = shown.filter((o) => o.progress !== null);
  const mean = withProgress.length
    ? withProgress.reduce((s, o) => s + (o.progress ?? 0), 0) / withProgress.length
    : null;
  const behind = shown.filter(isBehind).length;

  const scopeOptions = [
    { value: ALL, label: "All objectives" },
    { value: COMPANY, label: "Company-wide only" },
    ...(products.data ?? []).map((p) => ({ value: p.id, label: p.name })),
  ];

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Group gap="sm" wrap="wrap">
          <Select
            aria-label="Filter by product"
            data={scopeOptions}
            value={scope}
            onChange={(v) => setScope(v ?? ALL)}
            allowDeselect={false}
            searchable
            w={240}
          />
          <SegmentedControl
            aria-label="Filter by status"
            value={status}
            onChange={(v) => setStatus(v as ObjectiveStatus | "all")}
            data={[
              { value: "all", label: "All" },
              ...OBJECTIVE_STATUSES.map((s) => ({ value: s, label: OBJECTIVE_STATUS_LABELS[s] })),
            ]}
          />
        </Group>
        {shown.length ? (
          <Text size="sm" c="dimmed" aria-live="polite">
            {pluralize(shown.length, "objective")} · average progress {pct(mean)}
            {behind ? ` · ${behind} behind schedule` : ""}
          </Text>
        ) : null}
      </Group>
      {scope !== ALL && scope !== COMPANY ? (
        <Text size="xs" c="dimmed" mt={-6}>
          Showing {productNames.get(scope) ?? "this product"}’s objectives and the company objectives every
          product serves.
        </Text>
      ) : null}

      <QueryState
        query={objectives}
        loading={
          <Stack gap="md" aria-busy="true" aria-label="Loading objectives">
            <Skeleton h={210} radius="lg" />
            <Skeleton h={170} radius="lg" />
          </Stack>
        }
        isEmpty={() => shown.length === 0}
        empty={
          <div className="baton-surface">
            {filtered ? (
              <EmptyBlock
                size="sm"
                icon={<IconSearch size={22} />}
                title="No objective matches"
                description="Try another product or status."
              >
                <Button
                  variant="default"
                  onClick={() => {
                    setScope(ALL);
                    setStatus("all");
                  }}
                >
                  Clear filters
                </Button>
              </EmptyBlock>
            ) : (
              <EmptyBlock
                icon={<IconTarget size={26} />}
                title="No objectives yet"
                description="Objectives are the goals the work must serve — for the whole company or one product — each with key results that measure it. Roadmap items link to them, so you can see which goals get work and which work serves no goal."
              >
                {canEdit ? (
                  <Button leftSection={<IconPlus size={16} />} onClick={onCreate}>
                    Create the first objective
                  </Button>
                ) : (
                  <Text size="sm" c="dimmed">
                    A product manager sets the objectives.
                  </Text>
                )}
              </EmptyBlock>
            )}
          </div>
        }
      >
        {() => (
          <Stack gap="md">
            {shown.map((o) => (
              <ObjectiveCard
                key={o.id}
                objective={o}
                productName={o.productId ? (productNames.get(o.productId) ?? "Product") : null}
                canEdit={canEdit}
                onEdit={onEdit}
                onAddKeyResult={(obj) => onKeyResult(obj, null)}
                onEditKeyResult={onKeyResult}
              />
            ))}
          </Stack>
        )}
      </QueryState>
    </Stack>
  );
}
