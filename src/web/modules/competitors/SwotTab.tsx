import {
  ActionIcon,
  Anchor,
  Badge,
  Button,
  Group,
  Menu,
  Modal,
  Paper,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import {
  IconArrowDown,
  IconArrowsMove,
  IconArrowUp,
  IconDots,
  IconPencil,
  IconPlus,
  IconTrash,
} from "@tabler/icons-react";
import { type KeyboardEvent, useState } from "react";
import { type Quadrant, SWOT_LABELS, SWOT_QUADRANTS } from "../../../shared/competitors.schemas.ts";
import { ApiError } from "../../api/client.ts";
import { applyApiError, notifyError } from "../../components/feedback.tsx";
import { ErrorState, FormError } from "../../components/States.tsx";
import { formatDate } from "../../lib/format.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { type SwotCard, useSwot, useSwotMutations } from "./hooks.ts";

const QUADRANT_COLOR: Record<Quadrant, string> = {
  strength: "teal",
  weakness: "orange",
  opportunity: "blue",
  threat: "red",
};
const QUADRANT_OPTIONS = SWOT_QUADRANTS.map((q) => ({ value: q, label: SWOT_LABELS[q] }));

/** What another module may fill in a new card with (monitoring: from a detected change). */
export interface SwotCardDraft {
  quadrant?: Quadrant;
  text?: string;
  sourceUrl?: string | null;
  sourceDate?: string | null;
  changeId?: string | null;
}

/** The SWOT board: four quadrants of ordered cards; move by buttons or keys (↑ ↓ within, ← → across). */
export function SwotTab({ competitorId }: { competitorId: string }) {
  const { workspaceId: wid, can } = useWorkspace();
  const canWrite = can("competitors.write");
  const swot = useSwot(wid, competitorId);
  const m = useSwotMutations(wid, competitorId);
  const [modal, setModal] = useState<{ card?: SwotCard; initial?: SwotCardDraft } | null>(null);
  const [announce, setAnnounce] = useState("");

  if (swot.isPending) return <Skeleton height={320} radius="md" />;
  if (swot.isError) return <ErrorState error={swot.error} onRetry={() => swot.refetch()} />;
  const byQuadrant = (q: Quadrant) => swot.data.items.filter((c) => c.quadrant === q);

  const move = (card: SwotCard, quadrant: Quadrant, position: number) => {
    m.update.mutate(
      { id: card.id, version: card.version, quadrant, position: Math.max(0, position) },
      {
        onSuccess: (after) => {
          setAnnounce(`Moved to ${SWOT_LABELS[after.quadrant]}, position ${after.position + 1}`);
          requestAnimationFrame(() => document.getElementById(`swot-${card.id}`)?.focus());
        },
        onError: (e) => notifyError(e),
      },
    );
  };
  const remove = (card: SwotCard) => {
    if (!window.confirm("Delete this card?")) return;
    m.remove.mutate(card.id, { onError: (e) => notifyError(e) });
  };
  const onKey = (e: KeyboardEvent, card: SwotCard, index: number) => {
    if (!canWrite || e.target !== e.currentTarget) return;
    const qi = SWOT_QUADRANTS.indexOf(card.quadrant);
    if (e.key === "ArrowUp" && index > 0) move(card, card.quadrant, index - 1);
    else if (e.key === "ArrowDown") move(card, card.quadrant, index + 1);
    else if (e.key === "ArrowLeft" && qi > 0) move(card, SWOT_QUADRANTS[qi - 1]!, 0);
    else if (e.key === "ArrowRight" && qi < 3) move(card, SWOT_QUADRANTS[qi + 1]!, 0);
    else if (e.key === "Enter") setModal({ card });
    else if (e.key === "Delete") remove(card);
    else return;
    e.preventDefault();
  };

  return (
    <Stack gap="sm">
      {canWrite ? (
        <Text size="xs" c="dimmed" id="swot-keys">
          Focus a card, then use ↑ ↓ to reorder it, ← → to move it to the previous or next quadrant, Enter to
          edit.
        </Text>
      ) : null}
      <div aria-live="polite" className="baton-visually-hidden" style={{ position: "absolute", left: -9999 }}>
        {announce}
      </div>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
        {SWOT_QUADRANTS.map((q) => {
          const cards = byQuadrant(q);
          return (
            <Paper
              key={q}
              withBorder
              radius="md"
              p="sm"
              style={{ borderTop: `3px solid var(--mantine-color-${QUADRANT_COLOR[q]}-6)` }}
            >
              <Stack gap="xs">
                <Group justify="space-between">
                  <Title order={2} fz="md">
                    {SWOT_LABELS[q]}{" "}
                    <Text span c="dimmed" fz="sm">
                      ({cards.length})
                    </Text>
                  </Title>
                  {canWrite ? (
                    <Button
                      size="xs"
                      variant="subtle"
                      leftSection={<IconPlus size={14} />}
                      onClick={() => setModal({ initial: { quadrant: q } })}
                      aria-label={`Add a card to ${SWOT_LABELS[q]}`}
                    >
                      Add
                    </Button>
                  ) : null}
                </Group>
                {cards.length === 0 ? (
                  <Text size="sm" c="dimmed">
                    No cards yet.
                  </Text>
                ) : null}
                {cards.map((card, i) => (
                  <Paper
                    key={card.id}
                    id={`swot-${card.id}`}
                    withBorder
                    radius="sm"
                    p="xs"
                    tabIndex={canWrite ? 0 : undefined}
                    role={canWrite ? "group" : undefined}
                    aria-label={
                      canWrite ? `${SWOT_LABELS[q]} card ${i + 1}: ${card.text.slice(0, 80)}` : undefined
                    }
                    aria-describedby={canWrite ? "swot-keys" : undefined}
                    onKeyDown={(e) => onKey(e, card, i)}
                  >
                    <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
                      <Stack gap={4} style={{ minWidth: 0 }}>
                        <Text size="sm" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
                          {card.text}
                        </Text>
                        <Group gap={6}>
                          {card.sourceUrl ? (
                            <Anchor
                              href={card.sourceUrl}
                              target="_blank"
                              rel="noopener noreferrer nofollow"
                              size="xs"
                              style={{ overflowWrap: "anywhere" }}
                            >
                              {hostOf(card.sourceUrl)}
                            </Anchor>
                          ) : null}
                          {card.sourceDate ? (
                            <Text size="xs" c="dimmed">
                              {formatDate(card.sourceDate)}
                            </Text>
                          ) : null}
                          {card.changeId ? (
                            <Badge size="xs" variant="light" color="gray">
                              From a change
                            </Badge>
                          ) : null}
                        </Group>
                      </Stack>
                      {canWrite ? (
                        <Group gap={2} wrap="nowrap">
                          <ActionIcon
                            variant="subtle"
                            color="gray"
                            size="sm"
                            aria-label="Move up"
                            disabled={i === 0}
                            onClick={() => move(card, q, i - 1)}
                          >
                            <IconArrowUp size={14} />
                          </ActionIcon>
                          <ActionIcon
                            variant="subtle"
                            color="gray"
                            size="sm"
                            aria-label="Move down"
                            disabled={i === cards.length - 1}
                            onClick={() => move(card, q, i + 1)}
                          >
                            <IconArrowDown size={14} />
                          </ActionIcon>
                          <Menu position="bottom-end" withinPortal>
                            <Menu.Target>
                              <ActionIcon variant="subtle" color="gray" size="sm" aria-label="Card actions">
                                <IconDots size={14} />
                              </ActionIcon>
                            </Menu.Target>
                            <Menu.Dropdown>
                              <Menu.Item
                                leftSection={<IconPencil size={14} />}
                                onClick={() => setModal({ card })}
                              >
                                Edit
                              </Menu.Item>
                              <Menu.Label>Move to</Menu.Label>
                              {SWOT_QUADRANTS.filter((x) => x !== q).map((x) => (
                                <Menu.Item
                                  key={x}
                                  leftSection={<IconArrowsMove size={14} />}
                                  onClick={() => move(card, x, 0)}
                                >
                                  {SWOT_LABELS[x]}
                                </Menu.Item>
                              ))}
                              <Menu.Divider />
                              <Menu.Item
                                color="red"
                                leftSection={<IconTrash size={14} />}
                                onClick={() => remove(card)}
                              >
                                Delete
                              </Menu.Item>
                            </Menu.Dropdown>
                          </Menu>
                        </Group>
                      ) : null}
                    </Group>
                  </Paper>
                ))}
              </Stack>
            </Paper>
          );
        })}
      </SimpleGrid>
      <SwotCardModal
        competitorId={competitorId}
        opened={modal !== null}
        onClose={() => setModal(null)}
        card={modal?.card}
        initial={modal?.initial}
      />
    </Stack>
  );
}

const hostOf = (url: string) => {
  try {
    return new URL(url).hostname;
  } catch {
    return url;
  }
};

/**
 * Adds (or, given `card`, edits) a SWOT card with its source. Exported for other modules: monitoring opens it
 * from a detected change with `initial` filled in (text, source URL and date, changeId).
 */
export function SwotCardModal({
  competitorId,
  opened,
  onClose,
  initial,
  card,
  onSaved,
}: {
  competitorId: string;
  opened: boolean;
  onClose: () => void;
  initial?: SwotCardDraft;
  card?: SwotCard;
  onSaved?: (card: SwotCard) => void;
}) {
  return (
    <Modal opened={opened} onClose={onClose} title={card ? "Edit SWOT card" : "Add a SWOT card"}>
      {opened ? (
        <SwotCardForm
          competitorId={competitorId}
          onClose={onClose}
          initial={initial}
          card={card}
          onSaved={onSaved}
        />
      ) : null}
    </Modal>
  );
}

function SwotCardForm({
  competitorId,
  onClose,
  initial,
  card,
  onSaved,
}: {
  competitorId: string;
  onClose: () => void;
  initial?: SwotCardDraft;
  card?: SwotCard;
  onSaved?: (card: SwotCard) => void;
}) {
  const { workspaceId: wid } = useWorkspace();
  const m = useSwotMutations(wid, competitorId);
  const [error, setError] = useState<string | null>(null);
  const form = useForm({
    initialValues: {
      quadrant: (card?.quadrant ?? initial?.quadrant ?? "strength") as string,
      text: card?.text ?? initial?.text ?? "",
      sourceUrl: card?.sourceUrl ?? initial?.sourceUrl ?? "",
      sourceDate: card?.sourceDate ?? initial?.sourceDate ?? "",
    },
    validate: {
      text: (v) => (v.trim() ? null : "Write the card"),
      sourceUrl: (v) =>
        !v.trim() || /^https?:\/\/\S+$/i.test(v.trim()) ? null : "Start with http:// or https://",
    },
  });
  const done = (saved: SwotCard) => {
    onSaved?.(saved);
    onClose();
  };
  const fail = (err: unknown) =>
    setError(
      err instanceof ApiError && err.isStale
        ? "Someone else changed this card meanwhile; close and open it again."
        : applyApiError(form, err),
    );
  const submit = form.onSubmit((v) => {
    setError(null);
    const fields = {
      text: v.text.trim(),
      sourceUrl: v.sourceUrl.trim() || null,
      sourceDate: v.sourceDate || null,
      quadrant: v.quadrant as Quadrant,
    };
    if (card)
      m.update.mutate({ id: card.id, version: card.version, ...fields }, { onSuccess: done, onError: fail });
    else
      m.create.mutate({ ...fields, changeId: initial?.changeId ?? null }, { onSuccess: done, onError: fail });
  });
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <Select
          label="Quadrant"
          data={QUADRANT_OPTIONS}
          allowDeselect={false}
          {...form.getInputProps("quadrant")}
        />
        <Textarea label="Card" required autosize minRows={3} data-autofocus {...form.getInputProps("text")} />
        <TextInput label="Source" placeholder="https://…" {...form.getInputProps("sourceUrl")} />
        <TextInput label="Source date" type="date" {...form.getInputProps("sourceDate")} />
        {initial?.changeId && !card ? (
          <Text size="xs" c="dimmed">
            Linked to the detected change it comes from.
          </Text>
        ) : null}
        <FormError error={error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={m.create.isPending || m.update.isPending}>
            {card ? "Save" : "Add card"}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
