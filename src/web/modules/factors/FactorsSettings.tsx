import { Alert, Group, Select, Skeleton, Stack, Text, Title } from "@mantine/core";
import { IconCheck, IconInfoCircle } from "@tabler/icons-react";
import { useState } from "react";
import { useLocation, useSearch } from "wouter";
import { QueryState } from "../../components/QueryState.tsx";
import { pluralize } from "../../lib/format.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { useProducts } from "../products/hooks.ts";
import { FactorSetEditor } from "./FactorSetEditor.tsx";
import type { RecomputeResult } from "./hooks.ts";
import { useFactors } from "./hooks.ts";

/** Settings → Scoring: the workspace's default factors, and per-product overrides. */
export function FactorsSettings() {
  const { workspaceId: wid, can } = useWorkspace();
  const search = new URLSearchParams(useSearch());
  const [location, navigate] = useLocation();
  const productId = search.get("product") || null;
  const products = useProducts(wid);
  const set = useFactors(wid, productId);
  const canWrite = can("factors.write");
  const [recomputed, setRecomputed] = useState<RecomputeResult["recomputed"] | null>(null);

  const productOptions = [
    { value: "", label: "Workspace defaults" },
    ...products.items.map((p) => ({ value: p.id, label: p.name })),
  ];
  const product = products.items.find((p) => p.id === productId);

  const choose = (v: string | null) => {
    setRecomputed(null);
    navigate(v ? `${location}?product=${encodeURIComponent(v)}` : location, { replace: true });
  };

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <Stack gap={4} maw={640}>
          <Title order={3}>Scoring factors</Title>
          <Text size="sm" c="dimmed">
            Stakeholders rate each idea on these factors in scoring rounds; the weighted scorecard turns the
            ratings into a score from 0 to 100. Every product uses the workspace defaults unless it has its
            own set.
          </Text>
        </Stack>
        <Select
          label="Factors of"
          data={productOptions}
          value={productId ?? ""}
          onChange={choose}
          allowDeselect={false}
          searchable
          w={260}
        />
      </Group>

      <Alert variant="light" color="blue" icon={<IconInfoCircle size={18} />}>
        <Text size="sm">
          score = 100 × Σ (weight × normalized mean) ÷ Σ weight. A mean is normalized to 0–1 along its scale.{" "}
          <b>Cost factors are inverted</b> (1 − normalized): a high "technical effort" rating lowers the
          score, a high "customer happiness" rating raises it. Factors nobody rated are left out.
        </Text>
      </Alert>

      {recomputed ? (
        <Alert
          variant="light"
          color="teal"
          icon={<IconCheck size={18} />}
          withCloseButton
          onClose={() => setRecomputed(null)}
        >
          Recomputed {pluralize(recomputed.ideas, "idea")} in {Math.round(recomputed.ms).toLocaleString()} ms.
        </Alert>
      ) : null}

      <QueryState
        query={set}
        loading={
          <Stack gap="sm">
            <Skeleton height={120} radius="lg" />
            <Skeleton height={120} radius="lg" />
          </Stack>
        }
      >
        {(data) => (
          <FactorSetEditor
            key={`${productId ?? "ws"}:${data.scope}`}
            set={data}
            productId={productId}
            productName={product?.name ?? "this product"}
            canWrite={canWrite}
            onSaved={setRecomputed}
          />
        )}
      </QueryState>
    </Stack>
  );
}
