import { Alert, Button, Group, Modal, Select, Stack, Textarea, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconAlertTriangle } from "@tabler/icons-react";
import { useState } from "react";
import { LIFECYCLE_STAGES, type LifecycleStage } from "../../../shared/enums.ts";
import { ApiError, errorMessage } from "../../api/client.ts";
import type { Product } from "../../api/types.ts";
import { applyApiError, notifySuccess } from "../../components/feedback.tsx";
import { StaleAlert } from "../../components/StaleAlert.tsx";
import { STAGE_DESCRIPTIONS, STAGE_LABELS } from "../../lib/labels.ts";
import { required } from "../../lib/validation.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { useAllMembers } from "../people/hooks.ts";
import { fetchProduct, type ProductInput, useSaveProduct } from "./hooks.ts";

const STAGE_OPTIONS = LIFECYCLE_STAGES.map((s) => ({ value: s, label: STAGE_LABELS[s] }));

interface Props {
  opened: boolean;
  onClose: () => void;
  /** Edit this product; create a new one when absent. */
  product: Product | null;
}

const empty: ProductInput = { name: "", description: "", stage: "idea", managerId: null };

const valuesOf = (p: Pick<Product, "name" | "description" | "stage" | "managerId">): ProductInput => ({
  name: p.name,
  description: p.description,
  stage: p.stage,
  managerId: p.managerId,
});

export function ProductFormModal({ opened, onClose, product }: Props) {
  return (
    <Modal opened={opened} onClose={onClose} title={product ? "Edit product" : "New product"} size="lg">
      <ProductForm key={product?.id ?? "new"} onClose={onClose} product={product} />
    </Modal>
  );
}

function ProductForm({ onClose, product }: Omit<Props, "opened">) {
  const { workspaceId } = useWorkspace();
  const members = useAllMembers(workspaceId);
  const save = useSaveProduct(workspaceId);
  const [version, setVersion] = useState<number | undefined>(product?.version);
  const [formError, setFormError] = useState<string | null>(null);
  const [stale, setStale] = useState(false);
  const [reloading, setReloading] = useState(false);
  const form = useForm<ProductInput>({
    initialValues: product ? valuesOf(product) : empty,
    validate: { name: required("A name") },
  });

  const reload = async () => {
    if (!product) return;
    setReloading(true);
    try {
      const latest = await fetchProduct(workspaceId, product.id);
      form.setValues(valuesOf(latest));
      setVersion(latest.version);
      setStale(false);
      setFormError(null);
    } catch (err) {
      setFormError(errorMessage(err));
    } finally {
      setReloading(false);
    }
  };

  const submit = (values: ProductInput) => {
    setFormError(null);
    save.mutate(
      { id: product?.id, version, input: { ...values, name: values.name.trim() } },
      {
        onSuccess: (p) => {
          notifySuccess(
            product ? `${p.name} was saved.` : `${p.name} was created.`,
            product ? "Saved" : "Product created",
          );
          onClose();
        },
        onError: (err) => {
          if (err instanceof ApiError && err.isStale) setStale(true);
          else setFormError(applyApiError(form, err));
        },
      },
    );
  };

  const memberOptions = (members.data ?? []).map((m) => ({ value: m.userId, label: m.name }));

  return (
    <form onSubmit={form.onSubmit(submit)} noValidate>
      <Stack gap="md">
        {stale ? <StaleAlert what="product" onReload={reload} reloading={reloading} /> : null}
        {formError ? (
          <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} role="alert">
            {formError}
          </Alert>
        ) : null}
        <TextInput
          label="Name"
          required
          data-autofocus
          placeholder="e.g. Mobile app"
          {...form.getInputProps("name")}
        />
        <Textarea
          label="Description"
          placeholder="What is it, who is it for, why does it matter?"
          autosize
          minRows={3}
          maxRows={10}
          {...form.getInputProps("description")}
        />
        <Group grow align="flex-start">
          <Select
            label="Lifecycle stage"
            data={STAGE_OPTIONS}
            description={STAGE_DESCRIPTIONS[form.values.stage as LifecycleStage]}
            {...form.getInputProps("stage")}
          />
          <Select
            label="Product manager"
            placeholder={members.isPending ? "Loading members…" : "No manager"}
            data={memberOptions}
            searchable
            clearable
            allowDeselect
            nothingFoundMessage="No member with that name"
            description="Who runs the loop for this product"
            {...form.getInputProps("managerId")}
          />
        </Group>
        <Group justify="flex-end" mt="xs">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending} disabled={stale}>
            {product ? "Save changes" : "Create product"}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
