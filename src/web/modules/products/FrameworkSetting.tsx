import { Alert, Badge, Button, Divider, Group, Modal, Select, Stack, Switch, Text } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { FRAMEWORK_LABELS, FRAMEWORKS, type Framework } from "../../../shared/enums.ts";
import type { FrameworkSetting as Setting } from "../../../shared/schemas.ts";
import { ApiError, api } from "../../api/client.ts";
import { wsKey } from "../../api/hooks.ts";
import type { Product } from "../../api/types.ts";
import { formatDateTime } from "../../lib/format.ts";

/**
 * The product's ranking framework as a product setting: shows who changed it last and when, and changing it asks
 * for confirmation because it re-ranks the backlog for everyone (PUT …/framework, audited). Not a view toggle: a
 * personal "view by" sorts the backlog without changing the product's ranking.
 */
export function FrameworkSetting({
  wid,
  product,
  canChange,
}: {
  wid: string;
  product: Product;
  canChange: boolean;
}) {
  const qc = useQueryClient();
  const key = wsKey(wid, "products", "framework", product.id);
  const setting = useQuery({
    queryKey: [...key, product.framework],
    queryFn: ({ signal }) =>
      api.get<Setting>(`/workspaces/${wid}/products/${product.id}/framework`, undefined, signal),
  });
  const [opened, { open, close }] = useDisclosure(false);
  const [choice, setChoice] = useState<Framework>(product.framework);
  const save = useMutation({
    mutationFn: (framework: Framework) =>
      api.put<Setting>(`/workspaces/${wid}/products/${product.id}/framework`, {
        version: product.version,
        framework,
      }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: wsKey(wid, "products") });
      void qc.invalidateQueries({ queryKey: wsKey(wid, "ideas") });
      close();
    },
    onError: (err) => {
      if (err instanceof ApiError && err.isStale)
        void qc.invalidateQueries({ queryKey: wsKey(wid, "products", "detail", product.id) });
    },
  });
  const s = setting.data;
  const who = s?.changedAt
    ? `Set by ${s.changedByName ?? "a former member"} on ${formatDateTime(s.changedAt)}`
    : "Default since the product was created";
  return (
    <Group gap="xs" wrap="nowrap">
      <Badge variant="light" title={who}>
        Ranked by {FRAMEWORK_LABELS[product.framework]}
      </Badge>
      {canChange ? (
        <Button
          size="compact-xs"
          variant="subtle"
          onClick={() => {
            setChoice(product.framework);
            save.reset();
            open();
          }}
        >
          Product setting…
        </Button>
      ) : null}
      <Modal opened={opened} onClose={close} title={`Ranking framework of ${product.name}`}>
        <Stack>
          <Text size="sm">{who}.</Text>
          <Select
            label="Framework that ranks this product's backlog"
            data={FRAMEWORKS.map((f) => ({ value: f, label: FRAMEWORK_LABELS[f] }))}
            value={choice}
            onChange={(v) => v && setChoice(v as Framework)}
            allowDeselect={false}
          />
          <Alert color="yellow" variant="light">
            This is a product setting: it re-ranks the backlog of {product.name} for everyone, and is recorded
            in the audit log. To only look at the ideas by another framework's score, use "View by" instead.
          </Alert>
          {save.isError ? (
            <Alert color="red" variant="light">
              {save.error instanceof ApiError && save.error.isStale
                ? "Someone else changed the product: reloaded, try again."
                : "Could not change the framework."}
            </Alert>
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button
              disabled={choice === product.framework}
              loading={save.isPending}
              onClick={() => save.mutate(choice)}
            >
              Re-rank for everyone
            </Button>
          </Group>
          <Divider />
          <RiceReachSetting wid={wid} product={product} />
        </Stack>
      </Modal>
    </Group>
  );
}

/**
 * The product's "RICE reach from customer evidence" setting (PATCH the product, audited): when on, an idea's RICE
 * reach is the number of distinct customers in its evidence, and the entered reach is kept but unused.
 */
function RiceReachSetting({ wid, product }: { wid: string; product: Product }) {
  const qc = useQueryClient();
  const save = useMutation({
    mutationFn: (on: boolean) =>
      api.patch<Product>(`/workspaces/${wid}/products/${product.id}`, {
        version: product.version,
        riceReachFromEvidence: on,
      }),
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: wsKey(wid, "products") });
      void qc.invalidateQueries({ queryKey: wsKey(wid, "ideas") });
    },
  });
  return (
    <Stack gap={4}>
      <Switch
        label="RICE reach from customer evidence"
        description="Reach = distinct customers (a company, else a person) in an idea's feedback, spam excluded; the entered reach is kept but unused. Re-scores RICE for everyone."
        checked={product.riceReachFromEvidence}
        disabled={save.isPending}
        onChange={(e) => save.mutate(e.currentTarget.checked)}
      />
      {save.isError ? (
        <Text size="xs" c="red">
          {save.error instanceof ApiError && save.error.isStale
            ? "Someone else changed the product: reloaded, try again."
            : "Could not change the setting."}
        </Text>
      ) : null}
    </Stack>
  );
}
