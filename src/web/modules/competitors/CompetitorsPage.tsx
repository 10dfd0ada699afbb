import {
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Modal,
  MultiSelect,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { useDebouncedValue } from "@mantine/hooks";
import { IconPlus, IconSwords } from "@tabler/icons-react";
import { useState } from "react";
import { Link, useLocation } from "wouter";
import { COMPETITOR_STATUS_LABELS, COMPETITOR_STATUSES } from "../../../shared/competitors.schemas.ts";
import { applyApiError } from "../../components/feedback.tsx";
import { Page, useDocumentTitle } from "../../components/Page.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { CardsSkeleton, EmptyBlock, FormError } from "../../components/States.tsx";
import { useNewParam } from "../../lib/use-new-param.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import {
  type CompetitorSummary,
  competitorPaths,
  useCompetitorMutations,
  useCompetitors,
  useProductOptions,
} from "./hooks.ts";
import { CompetitorLogo, StatusBadge, WatchButton } from "./parts.tsx";

const STATUS_OPTIONS = COMPETITOR_STATUSES.map((s) => ({ value: s, label: COMPETITOR_STATUS_LABELS[s] }));

/** `/w/:wid/competitors`: every competitor as a card (logo, positioning, status, products, watch), filters, add. */
export function CompetitorsPage() {
  const { workspaceId: wid, workspace, can } = useWorkspace();
  useDocumentTitle("Competitors", workspace.name);
  const [status, setStatus] = useState<string | null>(null);
  const [productId, setProductId] = useState<string | null>(null);
  const [q, setQ] = useState("");
  const [dq] = useDebouncedValue(q, 250);
  const list = useCompetitors(wid, { status, productId, q: dq.trim() || undefined });
  const products = useProductOptions(wid);
  const [creating, setCreating] = useState(false);
  useNewParam(competitorPaths.list(wid), () => setCreating(true));
  const canManage = can("competitors.manage");
  const filtered = Boolean(status || productId || dq.trim());

  return (
    <Page
      title="Competitors"
      description="Who you compete with, what they offer and charge, and how to win against them. Watch a competitor to get its changes in your daily digest."
      actions={
        canManage ? (
          <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
            Add competitor
          </Button>
        ) : undefined
      }
    >
      <Group gap="sm" wrap="wrap" align="flex-end">
        <TextInput
          label="Search"
          placeholder="Name or positioning"
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
          w={{ base: "100%", xs: 240 }}
        />
        <Select
          label="Status"
          placeholder="Any status"
          data={STATUS_OPTIONS}
          value={status}
          onChange={setStatus}
          clearable
          w={{ base: "100%", xs: 180 }}
        />
        <Select
          label="Product"
          placeholder="Any product"
          data={products.data ?? []}
          value={productId}
          onChange={setProductId}
          clearable
          searchable
          w={{ base: "100%", xs: 220 }}
        />
      </Group>
      <QueryState
        query={list}
        loading={<CardsSkeleton count={3} />}
        isEmpty={(data) => data.items.length === 0}
        empty={
          <EmptyBlock
            icon={<IconSwords size={28} />}
            title={filtered ? "No competitor matches" : "No competitors yet"}
            description={
              filtered
                ? "Try another status, product or search."
                : "Add the companies you lose deals to: their positioning, SWOT, pricing and a battlecard for sales."
            }
          >
            {canManage && !filtered ? (
              <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
                Add competitor
              </Button>
            ) : null}
          </EmptyBlock>
        }
      >
        {(data) => (
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
            {data.items.map((c) => (
              <CompetitorCard key={c.id} wid={wid} c={c} />
            ))}
          </SimpleGrid>
        )}
      </QueryState>
      <CreateCompetitorModal opened={creating} onClose={() => setCreating(false)} />
    </Page>
  );
}

function CompetitorCard({ wid, c }: { wid: string; c: CompetitorSummary }) {
  return (
    <Card withBorder radius="md" padding="md">
      <Stack gap="xs" h="100%">
        <Group gap="sm" wrap="nowrap" align="flex-start">
          <CompetitorLogo wid={wid} c={c} size={40} />
          <Stack gap={2} style={{ minWidth: 0, flex: 1 }}>
            <Anchor
              component={Link}
              href={competitorPaths.page(wid, c.id)}
              fw={600}
              style={{ overflowWrap: "anywhere" }}
            >
              {c.name}
            </Anchor>
            {c.website ? (
              <Text size="xs" c="dimmed" truncate>
                {c.website.replace(/^https?:\/\//, "")}
              </Text>
            ) : null}
          </Stack>
          <StatusBadge status={c.status} />
        </Group>
        <Text size="sm" c={c.positioning ? undefined : "dimmed"} lineClamp={3} style={{ flex: 1 }}>
          {c.positioning || "No positioning yet"}
        </Text>
        {c.products.length ? (
          <Group gap={4}>
            {c.products.map((p) => (
              <Badge key={p.id} variant="outline" color="gray" size="sm" style={{ textTransform: "none" }}>
                {p.name}
              </Badge>
            ))}
          </Group>
        ) : null}
        <Group justify="space-between" align="center">
          <Text size="xs" c="dimmed">
            {c.watcherCount === 1 ? "1 watcher" : `${c.watcherCount} watchers`}
          </Text>
          <WatchButton wid={wid} id={c.id} name={c.name} watching={c.watching} />
        </Group>
      </Stack>
    </Card>
  );
}

/** Adds a competitor: name, website, positioning, products. */
export function CreateCompetitorModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { workspaceId: wid } = useWorkspace();
  const m = useCompetitorMutations(wid);
  const products = useProductOptions(wid);
  const [, navigate] = useLocation();
  const [error, setError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { name: "", website: "", positioning: "", productIds: [] as string[] },
    validate: {
      name: (v) => (v.trim() ? null : "Give the competitor a name"),
      website: (v) =>
        !v.trim() || /^https?:\/\/\S+$/i.test(v.trim()) ? null : "Start with http:// or https://",
    },
  });
  const close = () => {
    form.reset();
    setError(null);
    onClose();
  };
  const submit = form.onSubmit((v) => {
    setError(null);
    m.create.mutate(
      {
        name: v.name.trim(),
        website: v.website.trim() || null,
        positioning: v.positioning.trim() || null,
        productIds: v.productIds,
      },
      {
        onSuccess: (c) => {
          close();
          navigate(competitorPaths.page(wid, c.id));
        },
        onError: (err) => setError(applyApiError(form, err)),
      },
    );
  });
  return (
    <Modal opened={opened} onClose={close} title="Add a competitor">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <TextInput label="Name" required data-autofocus {...form.getInputProps("name")} />
          <TextInput label="Website" placeholder="https://…" {...form.getInputProps("website")} />
          <TextInput
            label="Positioning"
            description="One line: how they describe themselves"
            {...form.getInputProps("positioning")}
          />
          <MultiSelect
            label="Competes with"
            data={products.data ?? []}
            searchable
            {...form.getInputProps("productIds")}
          />
          <FormError error={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={m.create.isPending}>
              Add
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
