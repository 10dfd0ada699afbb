import { Alert, Badge, Button, Group, Stack, Text } from "@mantine/core";
import { IconAlertTriangle, IconPlus, IconRestore } from "@tabler/icons-react";
import { useMemo, useState } from "react";
import { Link } from "wouter";
import type { FactorSet } from "../../../shared/ideas.schemas.ts";
import { ApiError, errorMessage } from "../../api/client.ts";
import { confirmAction, notifyError, notifySuccess } from "../../components/feedback.tsx";
import { Surface } from "../../components/Page.tsx";
import { pluralize } from "../../lib/format.ts";
import { ideaPaths } from "../../lib/paths.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { BLANK, type Draft, draftsFrom, fitLabels, newKey, toInput, validate } from "./drafts.ts";
import { FactorCard, ReadOnlyFactors } from "./FactorCard.tsx";
import type { RecomputeResult } from "./hooks.ts";
import { useDropOverride, usePutFactors } from "./hooks.ts";
import { useFactorDrafts } from "./useFactorDrafts.ts";

export function FactorSetEditor({
  set,
  productId,
  productName,
  canWrite,
  onSaved,
}: {
  set: FactorSet;
  productId: string | null;
  productName: string;
  canWrite: boolean;
  onSaved: (r: RecomputeResult["recomputed"]) => void;
}) {
  const { workspaceId: wid } = useWorkspace();
  const put = usePutFactors(wid);
  const drop = useDropOverride(wid);
  const inherited = productId !== null && set.scope === "workspace";
  const [overriding, setOverriding] = useState(false);
  const initial = useMemo(() => draftsFrom(set.factors, !inherited), [set.factors, inherited]);
  const { drafts, setDrafts, dirty, markSaved } = useFactorDrafts(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const editable = canWrite && (!inherited || overriding);
  const sumW = drafts.reduce((a, d) => a + Math.max(0, d.weight), 0);

  const change = (i: number, patch: Partial<Draft>) =>
    setDrafts((ds) =>
      ds.map((d, j) => {
        if (j !== i) return d;
        const next = { ...d, ...patch };
        if (patch.scaleMin !== undefined || patch.scaleMax !== undefined) {
          next.labels = fitLabels(next.labels, next.scaleMin, next.scaleMax);
        }
        return next;
      }),
    );
  const move = (i: number, d: -1 | 1) =>
    setDrafts((ds) => {
      const next = [...ds];
      const [x] = next.splice(i, 1);
      next.splice(i + d, 0, x!);
      return next;
    });

  const save = () => {
    setFormError(null);
    const errs = validate(drafts);
    setErrors(errs);
    if (Object.keys(errs).length) return;
    put.mutate(
      { productId, factors: drafts.map(toInput) },
      {
        onSuccess: (r) => {
          markSaved(drafts);
          setOverriding(false);
          onSaved(r.recomputed);
          notifySuccess(
            `Recomputed ${pluralize(r.recomputed.ideas, "idea")} in ${Math.round(r.recomputed.ms).toLocaleString()} ms.`,
            "Factors saved",
          );
        },
        onError: (err) => {
          if (err instanceof ApiError && Object.keys(err.fields).length) {
            setErrors(err.fields);
            const other = Object.entries(err.fields).filter(([k]) => !/^factors\.\d+\./.test(k));
            setFormError(other.length ? other.map(([, m]) => m).join(". ") : null);
          } else setFormError(errorMessage(err));
        },
      },
    );
  };

  const restoreDefaults = () =>
    confirmAction({
      title: `Use the workspace defaults for ${productName}?`,
      message: (
        <Text size="sm">
          The product's own factors are archived and its ideas are scored on the workspace's factors again.
          Ratings given on the product's factors no longer count.
        </Text>
      ),
      confirmLabel: "Use workspace defaults",
      onConfirm: () =>
        drop.mutate(productId!, {
          onSuccess: () => notifySuccess(`${productName} uses the workspace defaults again.`),
          onError: (err) => notifyError(err, "Could not drop the override"),
        }),
    });

  return (
    <Stack gap="md">
      {productId ? (
        <Surface p="md">
          <Group justify="space-between" wrap="wrap" gap="sm">
            <Group gap="xs">
              <Badge variant="light" color={inherited ? "gray" : "baton"}>
                {inherited ? "Workspace defaults" : "Own factors"}
              </Badge>
              <Text size="sm">
                {inherited
                  ? overriding
                    ? `Editing a copy of the defaults for ${productName}. Save to make it the product's own set.`
                    : `${productName} uses the workspace's default factors.`
                  : `${productName} has its own factors; the workspace defaults do not apply to it.`}
              </Text>
            </Group>
            {canWrite ? (
              inherited ? (
                overriding ? (
                  <Button
                    variant="default"
                    onClick={() => {
                      setOverriding(false);
                      setDrafts(initial);
                    }}
                  >
                    Cancel override
                  </Button>
                ) : (
                  <Button onClick={() => setOverriding(true)}>Override for this product</Button>
                )
              ) : (
                <Button
                  variant="default"
                  leftSection={<IconRestore size={16} />}
                  onClick={restoreDefaults}
                  loading={drop.isPending}
                >
                  Use workspace defaults
                </Button>
              )
            ) : null}
          </Group>
        </Surface>
      ) : null}

      {!canWrite ? (
        <Text size="sm" c="dimmed">
          Only product managers, admins and owners can change the factors.
        </Text>
      ) : null}

      {formError || errors.factors ? (
        <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} role="alert">
          {formError ?? errors.factors}
        </Alert>
      ) : null}

      {editable ? (
        <>
          {drafts.map((d, i) => (
            <FactorCard
              key={d.key}
              d={d}
              index={i}
              count={drafts.length}
              share={sumW > 0 && d.weight > 0 ? d.weight / sumW : 0}
              errors={errors}
              onChange={(p) => change(i, p)}
              onMove={(dir) => move(i, dir)}
              onRemove={() => setDrafts((ds) => ds.filter((_, j) => j !== i))}
            />
          ))}
          <Group justify="space-between">
            <Button
              variant="default"
              leftSection={<IconPlus size={16} />}
              onClick={() =>
                setDrafts((ds) => [...ds, { ...BLANK, labels: [...BLANK.labels], key: newKey() }])
              }
              disabled={drafts.length >= 12}
            >
              Add a factor
            </Button>
            <Group gap="sm">
              {dirty ? (
                <Button
                  variant="subtle"
                  color="gray"
                  onClick={() => {
                    setDrafts(initial);
                    setErrors({});
                    setFormError(null);
                  }}
                >
                  Discard changes
                </Button>
              ) : null}
              <Button onClick={save} loading={put.isPending} disabled={!dirty && !(inherited && overriding)}>
                {inherited ? `Save as ${productName}'s factors` : "Save factors"}
              </Button>
            </Group>
          </Group>
          <Text size="xs" c="dimmed">
            Saving recomputes the scores and ranks of every idea that uses these factors. A removed factor is
            archived: its ratings stay in past rounds but no longer count.
          </Text>
        </>
      ) : (
        <ReadOnlyFactors factors={set.factors} />
      )}
      {productId ? (
        <Text size="sm">
          <Link href={ideaPaths.backlog(wid, productId)}>Back to the {productName} backlog</Link>
        </Text>
      ) : null}
    </Stack>
  );
}
