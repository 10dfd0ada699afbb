import { Button, Group, Modal, Select, Stack, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useState } from "react";
import { useLocation } from "wouter";
import { applyApiError, notifySuccess } from "../../components/feedback.tsx";
import { FormError } from "../../components/States.tsx";
import { useWorkspace } from "../../lib/workspace.ts";
import { useAllProducts } from "../rounds/hooks.ts";
import { useCreateRoadmap } from "./hooks.ts";
import { roadmapPaths } from "./paths.ts";
import { RoadmapFormFields, type RoadmapPeriodValues } from "./RoadmapFormFields.tsx";

interface Values extends RoadmapPeriodValues {
  productId: string | null;
  name: string;
}

function thisQuarter(): string {
  const d = new Date();
  const m = Math.floor(d.getMonth() / 3) * 3 + 1;
  return `${d.getFullYear()}-${String(m).padStart(2, "0")}`;
}

/** A new roadmap: product, name, periods (kind, first month, how many) and lanes. */
export function NewRoadmapModal({
  opened,
  onClose,
  initialProductId,
}: {
  opened: boolean;
  onClose: () => void;
  initialProductId?: string | null;
}) {
  return (
    <Modal opened={opened} onClose={onClose} title="New roadmap" size="lg">
      <NewRoadmapForm key="new" onClose={onClose} initialProductId={initialProductId} />
    </Modal>
  );
}

function NewRoadmapForm({
  onClose,
  initialProductId,
}: {
  onClose: () => void;
  initialProductId?: string | null;
}) {
  const { workspaceId: wid } = useWorkspace();
  const [, navigate] = useLocation();
  const products = useAllProducts(wid);
  const create = useCreateRoadmap(wid);
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<Values>({
    initialValues: {
      productId: initialProductId ?? null,
      name: "",
      periodKind: "quarter",
      startMonth: thisQuarter(),
      horizon: 4,
      laneBy: "team",
    },
    validate: {
      productId: (v) => (v ? null : "Choose a product"),
      name: (v) => (v.trim() ? null : "Name the roadmap"),
      startMonth: (v) => (/^\d{4}-(0[1-9]|1[0-2])$/.test(v) ? null : "Choose the first month"),
      horizon: (v, all) =>
        all.periodKind === "nnl"
          ? Number(v) >= 1 && Number(v) <= 24
            ? null
            : "1 to 24 months per bucket"
          : Number(v) >= 1 && Number(v) <= 24
            ? null
            : "1 to 24 periods",
    },
  });

  const submit = form.onSubmit((values) => {
    setFormError(null);
    create.mutate(
      {
        productId: values.productId!,
        name: values.name.trim(),
        periodKind: values.periodKind,
        startMonth: values.startMonth,
        horizon: Number(values.horizon),
        laneBy: values.laneBy,
      },
      {
        onSuccess: (r) => {
          notifySuccess(`${r.name} · ${r.productName}`, "Roadmap created");
          onClose();
          navigate(roadmapPaths.roadmap(wid, r.id));
        },
        onError: (err) => setFormError(applyApiError(form, err)),
      },
    );
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <FormError error={formError} />
        <Select
          label="Product"
          placeholder={products.isPending ? "Loading…" : "Choose a product"}
          data={(products.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
          searchable
          required
          {...form.getInputProps("productId")}
        />
        <TextInput label="Name" placeholder="e.g. 2027 plan" required {...form.getInputProps("name")} />
        <RoadmapFormFields
          form={form}
          startLabel={(kind) => (kind === "nnl" ? "Now starts in" : "First month")}
          lanesLabel="Lanes by"
        />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending}>
            Create roadmap
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
