import "./ideas.css";
import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Box,
  Button,
  Grid,
  Group,
  Menu,
  Select,
  Skeleton,
  Stack,
  Table,
  Tabs,
  Text,
  Title,
  Tooltip,
} from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import {
  IconAlertTriangle,
  IconArrowLeft,
  IconCalculator,
  IconDots,
  IconEye,
  IconEyeCheck,
  IconGitMerge,
  IconHistory,
  IconLink,
  IconMessageCircle,
  IconPencil,
  IconPin,
  IconPinnedOff,
  IconTrash,
} from "@tabler/icons-react";
import { useEffect, useState } from "react";
import { Link, useLocation, useParams, useSearch } from "wouter";
import { FRAMEWORK_LABELS, FRAMEWORKS, type Framework } from "../../../shared/enums.ts";
import { ApiError, errorMessage } from "../../api/client.ts";
import { applyApiError, confirmAction, notifyError, notifySuccess } from "../../components/feedback.tsx";
import { Surface, useDocumentTitle } from "../../components/Page.tsx";
import { StaleAlert } from "../../components/StaleAlert.tsx";
import { ErrorState } from "../../components/States.tsx";
import { UserAvatar } from "../../components/UserAvatar.tsx";
import { formatDate, formatDateTime, relativeTime } from "../../lib/format.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { useAllMembers } from "../people/hooks.ts";
import { Activity } from "./Activity.tsx";
import { Comments } from "./Comments.tsx";
import { StatusBadge } from "./components.tsx";
import { formatScore } from "./format.ts";
import {
  fetchIdea,
  useDeleteIdea,
  useIdea,
  usePinIdea,
  useProduct,
  useUpdateIdea,
  useWatchIdea,
} from "./hooks.ts";
import { MergeModal, PinModal } from "./IdeaDialogs.tsx";
import {
  IdeaFormFields,
  ideaInputFrom,
  ideaValuesFrom,
  STATUS_OPTIONS,
  useIdeaForm,
} from "./IdeaFormFields.tsx";
import { Markdown } from "./markdown.tsx";
import { ideaPaths } from "./paths.ts";
import { ScorePanel } from "./ScorePanel.tsx";
import type { Idea, SettableStatus } from "./types.ts";

/** A part a higher module shows in the idea page's side column (feedback's evidence panel): a slot, not an import. */
export type IdeaAside = (idea: Idea) => React.ReactNode;

export function IdeaPage({ aside }: { aside?: IdeaAside } = {}) {
  const { id } = useParams<{ id: string }>();
  return <IdeaView key={id} id={id} aside={aside} />;
}

function IdeaView({ id, aside }: { id: string; aside?: IdeaAside }) {
  const { workspaceId: wid, workspace } = useWorkspace();
  const [, navigate] = useLocation();
  const search = useSearch();
  const mergedFrom = new URLSearchParams(search).get("merged");
  const idea = useIdea(wid, id);
  useDocumentTitle(idea.data ? `#${idea.data.number} ${idea.data.title}` : "Idea", workspace.name);

  // A merged idea lives on in its survivor.
  const mergedInto = idea.data?.mergedIntoId;
  useEffect(() => {
    if (mergedInto && idea.data) {
      navigate(`${ideaPaths.idea(wid, mergedInto)}?merged=${idea.data.number}`, { replace: true });
    }
  }, [mergedInto, idea.data, navigate, wid]);

  if (idea.isPending || mergedInto) {
    return (
      <Frame>
        <Stack gap="md" aria-busy="true">
          <Skeleton height={14} width={160} />
          <Skeleton height={34} width="60%" />
          <Grid>
            <Grid.Col span={{ base: 12, md: 8 }}>
              <Skeleton height={280} radius="lg" />
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 4 }}>
              <Skeleton height={280} radius="lg" />
            </Grid.Col>
          </Grid>
        </Stack>
      </Frame>
    );
  }
  if (idea.isError) {
    return (
      <Frame>
        <ErrorState
          error={idea.error}
          onRetry={() => idea.refetch()}
          title={
            idea.error instanceof ApiError && idea.error.status === 404
              ? "This idea does not exist (any more)"
              : undefined
          }
        />
      </Frame>
    );
  }
  return <Loaded idea={idea.data} mergedFrom={mergedFrom} aside={aside} />;
}

function Frame({ children }: { children: React.ReactNode }) {
  return (
    <Box maw={1200} mx="auto" px={{ base: "md", sm: "xl" }} py={{ base: "md", sm: "xl" }}>
      {children}
    </Box>
  );
}

function Loaded({ idea, mergedFrom, aside }: { idea: Idea; mergedFrom: string | null; aside?: IdeaAside }) {
  const { workspaceId: wid, can } = useWorkspace();
  const [, navigate] = useLocation();
  const product = useProduct(wid, idea.productId);
  const members = useAllMembers(wid);
  const update = useUpdateIdea(wid, idea.id);
  const watch = useWatchIdea(wid, idea.id);
  const unpin = usePinIdea(wid, idea.id);
  const del = useDeleteIdea(wid);
  const [editing, setEditing] = useState(false);
  const [pinOpened, pinModal] = useDisclosure(false);
  const [mergeOpened, mergeModal] = useDisclosure(false);
  const [tab, setTab] = useState<string | null>("score");
  const framework: Framework = product.data?.framework ?? "weighted";
  const memberOptions = (members.data ?? []).map((m) => ({ value: m.userId, label: m.name }));
  const canWrite = can("ideas.write") && idea.status !== "merged";
  const canPrioritize = can("ideas.prioritize");

  const setStatus = (s: string | null) => {
    if (!s || s === idea.status) return;
    update.mutate(
      { version: idea.version, status: s as SettableStatus },
      {
        onError: (err) =>
          notifyError(
            err,
            err instanceof ApiError && err.isStale
              ? "Someone else changed this idea: reload it and try again"
              : "Could not change the status",
          ),
      },
    );
  };

  const remove = () =>
    confirmAction({
      title: `Delete #${idea.number}?`,
      message: (
        <Text size="sm">
          "{idea.title}" and its comments are deleted. This cannot be undone; the audit log keeps a record. To
          get rid of a duplicate, merge it instead.
        </Text>
      ),
      confirmLabel: "Delete idea",
      onConfirm: () =>
        del.mutate(idea.id, {
          onSuccess: () => {
            notifySuccess(`#${idea.number} was deleted.`);
            navigate(ideaPaths.backlog(wid, idea.productId), { replace: true });
          },
          onError: (err) => notifyError(err, "Could not delete the idea"),
        }),
    });

  const doUnpin = () =>
    unpin.mutate(null, {
      onSuccess: () => notifySuccess(`#${idea.number} is ranked by its score again.`, "Unpinned"),
      onError: (err) => notifyError(err, "Could not unpin"),
    });

  return (
    <Frame>
      <Stack gap="lg">
        <Stack gap={6}>
          <Anchor component={Link} href={ideaPaths.backlog(wid, idea.productId)} size="sm" c="dimmed">
            <Group gap={4} component="span">
              <IconArrowLeft size={14} />
              {product.data ? `${product.data.name} ideas` : "Ideas"}
            </Group>
          </Anchor>
          <Group justify="space-between" align="flex-start" wrap="nowrap" gap="md">
            <Stack gap={6} style={{ minWidth: 0 }}>
              <Title order={1} style={{ overflowWrap: "anywhere" }}>
                <Text span inherit c="dimmed" fw={400}>
                  #{idea.number}
                </Text>{" "}
                {idea.title}
              </Title>
              <Group gap="xs">
                <StatusBadge status={idea.status} size="md" />
                {idea.pinnedRank !== null ? (
                  <Tooltip label={idea.pinReason ?? ""} disabled={!idea.pinReason} multiline maw={300}>
                    <Badge color="orange" variant="light" leftSection={<IconPin size={12} />}>
                      Pinned at {idea.pinnedRank}
                    </Badge>
                  </Tooltip>
                ) : null}
                {idea.rank !== null ? (
                  <Badge variant="default">
                    Rank {idea.rank} · {FRAMEWORK_LABELS[framework]}
                  </Badge>
                ) : null}
                {idea.tags.map((t) => (
                  <Badge key={t} variant="default" radius="sm" tt="none" fw={500}>
                    {t}
                  </Badge>
                ))}
              </Group>
            </Stack>
            <Group gap="xs" wrap="nowrap">
              <Tooltip
                label={
                  idea.watching
                    ? "You get notified of changes and comments"
                    : "Get notified of changes and comments"
                }
              >
                <Button
                  variant={idea.watching ? "light" : "default"}
                  leftSection={idea.watching ? <IconEyeCheck size={16} /> : <IconEye size={16} />}
                  onClick={() =>
                    watch.mutate(!idea.watching, {
                      onError: (err) => notifyError(err, "Could not change watching"),
                    })
                  }
                  loading={watch.isPending}
                >
                  {idea.watching ? "Watching" : "Watch"}
                  {idea.watcherCount ? (
                    <Text span size="xs" c="dimmed" ml={6}>
                      {idea.watcherCount}
                    </Text>
                  ) : null}
                </Button>
              </Tooltip>
              {canWrite && !editing ? (
                <Button leftSection={<IconPencil size={16} />} onClick={() => setEditing(true)}>
                  Edit
                </Button>
              ) : null}
              {canPrioritize || can("ideas.delete") ? (
                <Menu position="bottom-end">
                  <Menu.Target>
                    <ActionIcon variant="default" size="lg" aria-label="More actions">
                      <IconDots size={18} />
                    </ActionIcon>
                  </Menu.Target>
                  <Menu.Dropdown>
                    {canPrioritize && idea.status !== "merged" ? (
                      <>
                        <Menu.Item leftSection={<IconPin size={14} />} onClick={pinModal.open}>
                          {idea.pinnedRank !== null ? "Change the pinned rank…" : "Pin rank…"}
                        </Menu.Item>
                        {idea.pinnedRank !== null ? (
                          <Menu.Item leftSection={<IconPinnedOff size={14} />} onClick={doUnpin}>
                            Unpin
                          </Menu.Item>
                        ) : null}
                        <Menu.Item leftSection={<IconGitMerge size={14} />} onClick={mergeModal.open}>
                          Merge into another idea…
                        </Menu.Item>
                      </>
                    ) : null}
                    {can("ideas.delete") ? (
                      <>
                        {canPrioritize ? <Menu.Divider /> : null}
                        <Menu.Item color="red" leftSection={<IconTrash size={14} />} onClick={remove}>
                          Delete
                        </Menu.Item>
                      </>
                    ) : null}
                  </Menu.Dropdown>
                </Menu>
              ) : null}
            </Group>
          </Group>
        </Stack>

        {mergedFrom ? (
          <Alert color="blue" variant="light" icon={<IconGitMerge size={18} />} withCloseButton={false}>
            #{mergedFrom} was merged into this idea, so you are seeing #{idea.number} instead.
          </Alert>
        ) : null}

        <Grid gap="lg">
          <Grid.Col span={{ base: 12, md: 8 }}>
            <Stack gap="lg">
              <Surface p="lg">
                {editing ? (
                  <EditForm
                    idea={idea}
                    framework={framework}
                    memberOptions={memberOptions}
                    onDone={() => setEditing(false)}
                  />
                ) : (
                  <Stack gap="md">
                    {idea.description.trim() ? (
                      <Markdown source={idea.description} />
                    ) : (
                      <Text size="sm" c="dimmed">
                        No description yet.
                        {canWrite ? (
                          <>
                            {" "}
                            <Anchor component="button" size="sm" onClick={() => setEditing(true)}>
                              Add one
                            </Anchor>
                          </>
                        ) : null}
                      </Text>
                    )}
                    {idea.links.length ? (
                      <Stack gap={4}>
                        <Text size="xs" fw={600} c="dimmed" tt="uppercase">
                          Links
                        </Text>
                        {idea.links.map((l) => (
                          <Anchor
                            key={l.url}
                            href={l.url}
                            target="_blank"
                            rel="noopener noreferrer nofollow"
                            size="sm"
                            style={{ overflowWrap: "anywhere" }}
                          >
                            <Group gap={6} component="span" wrap="nowrap">
                              <IconLink size={14} style={{ flexShrink: 0 }} />
                              {l.title || l.url}
                            </Group>
                          </Anchor>
                        ))}
                      </Stack>
                    ) : null}
                  </Stack>
                )}
              </Surface>

              <Surface p="lg">
                <Tabs value={tab} onChange={setTab}>
                  <Tabs.List mb="md">
                    <Tabs.Tab value="score" leftSection={<IconCalculator size={16} />}>
                      Why this score
                    </Tabs.Tab>
                    <Tabs.Tab value="comments" leftSection={<IconMessageCircle size={16} />}>
                      Comments{idea.commentCount ? ` (${idea.commentCount})` : ""}
                    </Tabs.Tab>
                    <Tabs.Tab value="activity" leftSection={<IconHistory size={16} />}>
                      Activity
                    </Tabs.Tab>
                  </Tabs.List>
                  <Tabs.Panel value="score">
                    {tab === "score" ? (
                      <ScorePanel ideaId={idea.id} stats={idea.factorStats} voters={idea.voters} />
                    ) : null}
                  </Tabs.Panel>
                  <Tabs.Panel value="comments">
                    {tab === "comments" ? <Comments ideaId={idea.id} /> : null}
                  </Tabs.Panel>
                  <Tabs.Panel value="activity">
                    {tab === "activity" ? <Activity ideaId={idea.id} /> : null}
                  </Tabs.Panel>
                </Tabs>
              </Surface>
            </Stack>
          </Grid.Col>

          <Grid.Col span={{ base: 12, md: 4 }}>
            <Stack gap="lg">
              <Surface p="md">
                <Stack gap="sm">
                  {canWrite ? (
                    <Select
                      label="Status"
                      data={STATUS_OPTIONS}
                      value={idea.status}
                      onChange={setStatus}
                      allowDeselect={false}
                      disabled={update.isPending}
                    />
                  ) : (
                    <Field label="Status">
                      <StatusBadge status={idea.status} />
                    </Field>
                  )}
                  <Field label="Owner">
                    {idea.ownerName ? (
                      <Group gap={8} wrap="nowrap">
                        <UserAvatar name={idea.ownerName} size={22} />
                        <Text size="sm">{idea.ownerName}</Text>
                      </Group>
                    ) : (
                      <Text size="sm" c="dimmed">
                        Nobody yet
                      </Text>
                    )}
                  </Field>
                  <Field label="Voters">
                    <Text size="sm">
                      {idea.voters
                        ? `${idea.voters} in ${idea.scoredRoundId ? "the scoring round" : "scoring rounds"}`
                        : "Not rated yet"}
                    </Text>
                  </Field>
                  <Field label="Created">
                    <Text size="sm" title={formatDateTime(idea.createdAt)}>
                      {formatDate(idea.createdAt)}
                      {idea.createdByName ? ` by ${idea.createdByName}` : ""}
                    </Text>
                  </Field>
                  <Field label="Updated">
                    <Text size="sm" title={formatDateTime(idea.updatedAt)}>
                      {relativeTime(idea.updatedAt)}
                    </Text>
                  </Field>
                </Stack>
              </Surface>

              {idea.pinnedRank !== null ? (
                <Alert
                  color="orange"
                  variant="light"
                  icon={<IconPin size={18} />}
                  title={`Pinned at rank ${idea.pinnedRank}`}
                >
                  <Stack gap="xs" align="flex-start">
                    <Text size="sm">{idea.pinReason}</Text>
                    {canPrioritize ? (
                      <Group gap="xs">
                        <Button size="xs" variant="white" color="orange" onClick={pinModal.open}>
                          Change
                        </Button>
                        <Button
                          size="xs"
                          variant="subtle"
                          color="orange"
                          onClick={doUnpin}
                          loading={unpin.isPending}
                        >
                          Unpin
                        </Button>
                      </Group>
                    ) : null}
                  </Stack>
                </Alert>
              ) : null}

              {aside?.(idea)}

              <Surface p="md">
                <Stack gap="xs">
                  <Text fw={600}>Scores and ranks</Text>
                  <Table verticalSpacing={4} fz="sm">
                    <Table.Tbody>
                      {FRAMEWORKS.map((f) => (
                        <Table.Tr key={f} fw={f === framework ? 700 : undefined}>
                          <Table.Td>
                            {FRAMEWORK_LABELS[f]}
                            {f === framework ? (
                              <Badge size="xs" variant="light" ml={6}>
                                active
                              </Badge>
                            ) : null}
                          </Table.Td>
                          <Table.Td ta="right">{formatScore(idea.scores[f], f)}</Table.Td>
                          <Table.Td ta="right" c="dimmed">
                            {idea.ranks[f] !== null ? `#${idea.ranks[f]}` : "—"}
                          </Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Stack>
              </Surface>
            </Stack>
          </Grid.Col>
        </Grid>
      </Stack>
      {canPrioritize ? (
        <>
          <PinModal idea={idea} opened={pinOpened} onClose={pinModal.close} />
          <MergeModal idea={idea} opened={mergeOpened} onClose={mergeModal.close} />
        </>
      ) : null}
    </Frame>
  );
}

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="xs" fw={600} c="dimmed" tt="uppercase">
        {label}
      </Text>
      {children}
    </Stack>
  );
}

/** Edits every field; sends the version read, a 409 shows the stale alert. */
function EditForm({
  idea,
  framework,
  memberOptions,
  onDone,
}: {
  idea: Idea;
  framework: Framework;
  memberOptions: { value: string; label: string }[];
  onDone: () => void;
}) {
  const { workspaceId: wid } = useWorkspace();
  const update = useUpdateIdea(wid, idea.id);
  const form = useIdeaForm();
  const [version, setVersion] = useState(idea.version);
  const [stale, setStale] = useState(false);
  const [reloading, setReloading] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: fill once when editing starts
  useEffect(() => {
    form.setValues(ideaValuesFrom(idea));
    form.resetDirty();
  }, []);

  const reload = async () => {
    setReloading(true);
    try {
      const latest = await fetchIdea(wid, idea.id);
      form.setValues(ideaValuesFrom(latest));
      setVersion(latest.version);
      setStale(false);
      setFormError(null);
    } catch (err) {
      setFormError(errorMessage(err));
    } finally {
      setReloading(false);
    }
  };

  const submit = form.onSubmit((values) => {
    setFormError(null);
    update.mutate(
      { ...ideaInputFrom(values), version },
      {
        onSuccess: () => {
          notifySuccess("Your changes are saved.", "Saved");
          onDone();
        },
        onError: (err) => {
          if (err instanceof ApiError && err.isStale) setStale(true);
          else setFormError(applyApiError(form, err));
        },
      },
    );
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        {stale ? <StaleAlert what="idea" onReload={reload} reloading={reloading} /> : null}
        {formError ? (
          <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} role="alert">
            {formError}
          </Alert>
        ) : null}
        <IdeaFormFields form={form} memberOptions={memberOptions} framework={framework} autoFocus />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={update.isPending} disabled={stale}>
            Save changes
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
