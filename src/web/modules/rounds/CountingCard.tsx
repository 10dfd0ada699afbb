import {
  Alert,
  Button,
  Group,
  Modal,
  NumberInput,
  SegmentedControl,
  Skeleton,
  Stack,
  Text,
  Title,
} from "@mantine/core";
import { IconInfoCircle, IconScale } from "@tabler/icons-react";
import { useState } from "react";
import type { ScoreCounting } from "../../../shared/ideas.schemas.ts";
import { notifyError, notifySuccess } from "../../components/feedback.tsx";
import { Surface } from "../../components/Page.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { formatDateTime } from "../../lib/format.ts";
import { usePutScoreCounting, useScoreCounting } from "./hooks.ts";

/** One sentence saying how a product's rounds count (shown on the rounds page and in the close dialog). */
export function countingSentence(c: Pick<ScoreCounting, "mode" | "halfLifeRounds">): string {
  if (c.mode === "replace")
    return "Replace: when a round closes, its ratings replace the earlier rounds' for the ideas it rated.";
  const decay =
    c.halfLifeRounds === null
      ? "every round counts the same per vote"
      : `a round's votes count half as much every ${c.halfLifeRounds} round${c.halfLifeRounds === 1 ? "" : "s"} back`;
  return `Combine: every closed round counts, weighted by its number of votes; ${decay}.`;
}

/** How the product's rounds count, with a dialog to change it (a product setting: it re-scores the backlog). */
export function CountingCard({
  wid,
  productId,
  canEdit,
}: {
  wid: string;
  productId: string;
  canEdit: boolean;
}) {
  const q = useScoreCounting(wid, productId);
  const [open, setOpen] = useState(false);
  return (
    <Surface p="md">
      <Stack gap="xs">
        <Group justify="space-between" align="center" wrap="wrap">
          <Group gap={6}>
            <IconScale size={18} aria-hidden />
            <Title order={3} size="h5">
              How rounds count
            </Title>
          </Group>
          {canEdit && q.data ? (
            <Button variant="default" size="xs" onClick={() => setOpen(true)}>
              Change…
            </Button>
          ) : null}
        </Group>
        <QueryState query={q} loading={<Skeleton height={18} width="70%" />}>
          {(data) => (
            <>
              <Text size="sm">{countingSentence(data)}</Text>
              <Text size="xs" c="dimmed">
                {data.changedAt
                  ? `Changed by ${data.changedByName ?? "a former member"} on ${formatDateTime(data.changedAt)}.`
                  : "The default: never changed."}
              </Text>
            </>
          )}
        </QueryState>
      </Stack>
      {q.data ? (
        <CountingModal
          key={`${q.data.version}:${open}`}
          wid={wid}
          productId={productId}
          current={q.data}
          opened={open}
          onClose={() => setOpen(false)}
        />
      ) : null}
    </Surface>
  );
}

function CountingModal({
  wid,
  productId,
  current,
  opened,
  onClose,
}: {
  wid: string;
  productId: string;
  current: ScoreCounting;
  opened: boolean;
  onClose: () => void;
}) {
  const put = usePutScoreCounting(wid, productId);
  const [mode, setMode] = useState<ScoreCounting["mode"]>(current.mode);
  const [halfLife, setHalfLife] = useState<number | string>(current.halfLifeRounds ?? "");
  const halfLifeRounds = typeof halfLife === "number" ? halfLife : null;
  const save = () =>
    put.mutate(
      { version: current.version, mode, halfLifeRounds: mode === "combine" ? halfLifeRounds : null },
      {
        onSuccess: (x) => {
          notifySuccess(
            `${x.recomputed.ideas} rated idea${x.recomputed.ideas === 1 ? "" : "s"} re-scored.`,
            "How rounds count changed",
          );
          onClose();
        },
        onError: (err) => notifyError(err, "Could not change how rounds count"),
      },
    );
  return (
    <Modal opened={opened} onClose={onClose} title="How rounds count" size="lg">
      <Stack gap="md">
        <Alert variant="light" icon={<IconInfoCircle size={18} />}>
          A product setting, not a view: it re-scores every rated idea of the product for everyone, and each
          score that moves gets a row in its history. The change is audited.
        </Alert>
        <SegmentedControl
          value={mode}
          onChange={(v) => setMode(v as ScoreCounting["mode"])}
          data={[
            { value: "replace", label: "Replace with the latest round" },
            { value: "combine", label: "Combine rounds" },
          ]}
          fullWidth
          aria-label="How rounds count"
        />
        {mode === "combine" ? (
          <NumberInput
            label="Half-life in rounds"
            description="A round this many rounds back counts half as much per vote; leave empty for no decay."
            value={halfLife}
            onChange={setHalfLife}
            min={0.25}
            max={100}
            step={1}
            decimalScale={2}
            allowNegative={false}
          />
        ) : null}
        <Text size="sm" c="dimmed">
          {countingSentence({ mode, halfLifeRounds: mode === "combine" ? halfLifeRounds : null })}
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={save} loading={put.isPending}>
            Re-score the product
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
