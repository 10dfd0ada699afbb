import { Badge, Button, Group, Modal, Stack, Switch, Table, Text, Textarea, Tooltip } from "@mantine/core";
import { IconMessage } from "@tabler/icons-react";
import { useMemo, useState } from "react";
import { ROADMAP_ITEM_STATUS_LABELS } from "../../../shared/enums.ts";
import type { SnapshotItem } from "../../../shared/roadmap.schemas.ts";
import type { SignoffReview } from "../../../shared/signoff.schemas.ts";
import { notifySuccess } from "../../components/feedback.tsx";
import { Surface } from "../../components/Page.tsx";
import { EmptyBlock } from "../../components/States.tsx";
import { pluralize } from "../../lib/format.ts";
import { periodName } from "./parts.tsx";
import { useCommentForm } from "./useCommentForm.ts";

function CommentModal({
  signoffId,
  item,
  onClose,
}: {
  signoffId: string;
  item: SnapshotItem | null;
  onClose: () => void;
}) {
  const { form, submit, pending } = useCommentForm(signoffId, item?.id ?? null, () => {
    notifySuccess(`On “${item?.title}”`, "Comment added");
    onClose();
  });
  return (
    <Modal opened={item !== null} onClose={onClose} title={`Comment on “${item?.title ?? ""}”`}>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Textarea
            label="Comment"
            required
            autosize
            minRows={3}
            data-autofocus
            placeholder="Everyone on the request sees it in Discussion"
            {...form.getInputProps("body")}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={pending}>
              Add comment
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Every item of the version: rows on my teams highlighted, rows changed since my decision flagged. */
export function ItemsTab({ review, canComment }: { review: SignoffReview; canComment: boolean }) {
  const [onlyMine, setOnlyMine] = useState(false);
  const [commenting, setCommenting] = useState<SnapshotItem | null>(null);
  const mine = useMemo(() => new Set(review.myItemIds), [review.myItemIds]);
  const changed = useMemo(
    () => new Set(review.sinceMyDecision?.changedItemIds ?? []),
    [review.sinceMyDecision],
  );
  const teamName = useMemo(() => new Map(review.teams.map((t) => [t.id, t.name])), [review.teams]);
  const commentCount = useMemo(() => {
    const m = new Map<string, number>();
    for (const c of review.signoff.comments) if (c.itemId) m.set(c.itemId, (m.get(c.itemId) ?? 0) + 1);
    return m;
  }, [review.signoff.comments]);
  const items = onlyMine ? review.items.filter((i) => mine.has(i.id)) : review.items;

  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          {review.items.length} items in v{review.version.number} · {mine.size} touch your teams
          {changed.size ? ` · ${changed.size} changed since you reviewed` : ""}
        </Text>
        {review.myTeams.length ? (
          <Switch
            label="Only my teams' items"
            checked={onlyMine}
            onChange={(e) => setOnlyMine(e.currentTarget.checked)}
          />
        ) : null}
      </Group>
      {items.length === 0 ? (
        <EmptyBlock icon={<IconMessage size={22} />} title="No items" size="sm" />
      ) : (
        <Surface>
          <Table.ScrollContainer minWidth={720}>
            <Table verticalSpacing={8} aria-label="Items of this version">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th miw={260}>Item</Table.Th>
                  <Table.Th w={110}>Period</Table.Th>
                  <Table.Th w={110}>Status</Table.Th>
                  <Table.Th>Effort</Table.Th>
                  <Table.Th w={120} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((i) => {
                  const isMine = mine.has(i.id);
                  const n = commentCount.get(i.id) ?? 0;
                  return (
                    <Table.Tr
                      key={i.id}
                      bg={isMine ? "var(--mantine-color-baton-light)" : undefined}
                      data-mine={isMine || undefined}
                    >
                      <Table.Td>
                        <Stack gap={2}>
                          <Text size="sm" fw={600}>
                            {i.title}
                          </Text>
                          <Group gap={4}>
                            {isMine ? (
                              <Badge size="xs" variant="light">
                                Your team
                              </Badge>
                            ) : null}
                            {changed.has(i.id) ? (
                              <Badge size="xs" color="orange" variant="light">
                                Changed since you reviewed
                              </Badge>
                            ) : null}
                            {n ? (
                              <Badge size="xs" color="gray" variant="outline">
                                {pluralize(n, "comment")}
                              </Badge>
                            ) : null}
                          </Group>
                        </Stack>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{periodName(review.periods, i.period)}</Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{ROADMAP_ITEM_STATUS_LABELS[i.status]}</Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="xs" c="dimmed">
                          {i.efforts
                            .map((e) => `${teamName.get(e.teamId) ?? "A team"} ${e.effort}`)
                            .join(" · ") || "—"}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        {canComment ? (
                          <Tooltip label="Comment on this item">
                            <Button
                              size="compact-xs"
                              variant="subtle"
                              leftSection={<IconMessage size={13} />}
                              onClick={() => setCommenting(i)}
                              aria-label={`Comment on ${i.title}`}
                            >
                              Comment
                            </Button>
                          </Tooltip>
                        ) : null}
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Surface>
      )}
      <CommentModal signoffId={review.signoff.id} item={commenting} onClose={() => setCommenting(null)} />
    </Stack>
  );
}
