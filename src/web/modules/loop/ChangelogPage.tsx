import {
  ActionIcon,
  Anchor,
  Badge,
  Button,
  Group,
  Menu,
  Modal,
  MultiSelect,
  Skeleton,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
} from "@mantine/core";
import { useDebouncedValue, useMediaQuery } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import {
  IconArrowLeft,
  IconDots,
  IconExternalLink,
  IconPencil,
  IconPlus,
  IconRss,
  IconTrash,
} from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useMemo, useRef, useState } from "react";
import { Link, useParams } from "wouter";
import { ApiError, type Page as ApiPage, api, errorMessage } from "../../api/client.ts";
import { wsKey } from "../../api/hooks.ts";
import { Page, Surface, useDocumentTitle } from "../../components/Page.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { EmptyBlock, FormError } from "../../components/States.tsx";
import { formatDate } from "../../lib/format.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { useProduct } from "../ideas/hooks.ts";
import { Markdown } from "../ideas/markdown.tsx";
import { type ChangelogEntry, useChangelog, useChangelogMutations, useRoadmapItemOptions } from "./hooks.ts";

interface IdeaOption {
  id: string;
  title: string;
}

function useProductIdeas(wid: string, pid: string, enabled: boolean) {
  return useQuery({
    queryKey: wsKey(wid, "ideas", "options", pid),
    queryFn: ({ signal }) =>
      api.get<ApiPage<IdeaOption>>(`/workspaces/${wid}/products/${pid}/ideas`, { limit: 500 }, signal),
    select: (p) => p.items.map((i) => ({ value: i.id, label: i.title })),
    enabled,
  });
}

/** `/w/:wid/products/:pid/changelog`: the product's changelog for its team: write, publish, unpublish. */
export function ChangelogPage() {
  const { pid = "" } = useParams<{ pid: string }>();
  const { workspaceId: wid, workspace, can } = useWorkspace();
  const list = useChangelog(wid, pid);
  const product = useProduct(wid, pid);
  const m = useChangelogMutations(wid, pid);
  const [editing, setEditing] = useState<ChangelogEntry | "new" | null>(null);
  const canWrite = can("changelog.write");
  const name = product.data?.name ?? "Product";
  useDocumentTitle(`${name} changelog`, workspace.name);

  const toggle = (e: ChangelogEntry) =>
    m.update.mutate(
      { id: e.id, version: e.version, status: e.status === "published" ? "draft" : "published" },
      {
        onSuccess: (x) =>
          notifications.show({
            message: x.status === "published" ? "Published" : "Unpublished",
            color: "teal",
          }),
        onError: (err) => notifications.show({ message: errorMessage(err), color: "red" }),
      },
    );
  const remove = (e: ChangelogEntry) => {
    if (!window.confirm(`Delete "${e.title}"?`)) return;
    m.remove.mutate(e.id, {
      onError: (err) => notifications.show({ message: errorMessage(err), color: "red" }),
    });
  };

  return (
    <Page
      title={`${name} changelog`}
      description="What's new, in Markdown, linked to the ideas it ships. Published entries are public, with RSS and Atom feeds."
      actions={
        canWrite ? (
          <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing("new")}>
            New entry
          </Button>
        ) : undefined
      }
    >
      <Anchor component={Link} href={`/w/${wid}/products`} size="sm" c="dimmed">
        <Group gap={4} component="span">
          <IconArrowLeft size={14} /> Products
        </Group>
      </Anchor>
      {list.data ? (
        <Group gap="md" wrap="wrap">
          <Anchor href={list.data.publicUrl} target="_blank" rel="noopener" size="sm">
            <Group gap={4} component="span">
              <IconExternalLink size={14} aria-hidden /> Public page
            </Group>
          </Anchor>
          <Anchor href={list.data.rssUrl} target="_blank" rel="noopener" size="sm">
            <Group gap={4} component="span">
              <IconRss size={14} aria-hidden /> RSS
            </Group>
          </Anchor>
          <Anchor href={list.data.atomUrl} target="_blank" rel="noopener" size="sm">
            <Group gap={4} component="span">
              <IconRss size={14} aria-hidden /> Atom
            </Group>
          </Anchor>
        </Group>
      ) : null}
      <QueryState
        query={list}
        loading={<Skeleton height={200} radius="lg" />}
        isEmpty={(data) => data.items.length === 0}
        empty={
          <EmptyBlock
            icon={<IconRss size={28} />}
            title="No entries yet"
            description="Write what shipped; publish it when it is ready. Nothing is public before the first entry is published."
          >
            {canWrite ? (
              <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing("new")}>
                New entry
              </Button>
            ) : null}
          </EmptyBlock>
        }
      >
        {(data) => (
          <Stack gap="md">
            {data.items.map((e) => (
              <Surface key={e.id} p="md">
                <Stack gap="xs">
                  <Group justify="space-between" wrap="nowrap" align="flex-start">
                    <Stack gap={2} style={{ minWidth: 0 }}>
                      <Text fw={600} component="h2" m={0} fz="md" style={{ overflowWrap: "anywhere" }}>
                        {e.title}
                      </Text>
                      <Group gap={6}>
                        <Badge variant="light" color={e.status === "published" ? "teal" : "gray"}>
                          {e.status === "published" ? "Published" : "Draft"}
                        </Badge>
                        {e.publishedAt ? (
                          <Text size="xs" c="dimmed">
                            {formatDate(e.publishedAt)}
                          </Text>
                        ) : null}
                      </Group>
                    </Stack>
                    {canWrite ? (
                      <Group gap={6} wrap="nowrap">
                        <Button
                          size="compact-sm"
                          variant="light"
                          onClick={() => toggle(e)}
                          loading={m.update.isPending}
                        >
                          {e.status === "published" ? "Unpublish" : "Publish"}
                        </Button>
                        <Menu position="bottom-end">
                          <Menu.Target>
                            <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${e.title}`}>
                              <IconDots size={16} />
                            </ActionIcon>
                          </Menu.Target>
                          <Menu.Dropdown>
                            <Menu.Item leftSection={<IconPencil size={14} />} onClick={() => setEditing(e)}>
                              Edit
                            </Menu.Item>
                            <Menu.Item
                              leftSection={<IconTrash size={14} />}
                              color="red"
                              onClick={() => remove(e)}
                            >
                              Delete
                            </Menu.Item>
                          </Menu.Dropdown>
                        </Menu>
                      </Group>
                    ) : null}
                  </Group>
                  {e.body ? <Markdown source={e.body} /> : null}
                  {e.ideas.length ? (
                    <Group gap={6}>
                      <Text size="xs" c="dimmed">
                        Ideas:
                      </Text>
                      {e.ideas.map((i) => (
                        <Anchor key={i.id} component={Link} href={`/w/${wid}/ideas/${i.id}`} size="xs">
                          {i.title}
                        </Anchor>
                      ))}
                    </Group>
                  ) : null}
                  {e.roadmapItems.length ? (
                    <Group gap={6}>
                      <Text size="xs" c="dimmed">
                        Roadmap items:
                      </Text>
                      {e.roadmapItems.map((i) => (
                        <Anchor
                          key={i.id}
                          component={Link}
                          href={`/w/${wid}/roadmaps/${i.roadmapId}`}
                          size="xs"
                        >
                          {i.title}
                        </Anchor>
                      ))}
                    </Group>
                  ) : null}
                </Stack>
              </Surface>
            ))}
          </Stack>
        )}
      </QueryState>
      {editing ? (
        <EntryModal
          wid={wid}
          pid={pid}
          entry={editing === "new" ? null : editing}
          onClose={() => setEditing(null)}
        />
      ) : null}
    </Page>
  );
}

function EntryModal({
  wid,
  pid,
  entry,
  onClose,
}: {
  wid: string;
  pid: string;
  entry: ChangelogEntry | null;
  onClose: () => void;
}) {
  const phone = useMediaQuery("(max-width: 36em)");
  const m = useChangelogMutations(wid, pid);
  const ideas = useProductIdeas(wid, pid, true);
  const [title, setTitle] = useState(entry?.title ?? "");
  const [body, setBody] = useState(entry?.body ?? "");
  const [ideaIds, setIdeaIds] = useState<string[]>(entry?.ideas.map((i) => i.id) ?? []);
  const [itemIds, setItemIds] = useState<string[]>(entry?.roadmapItems.map((i) => i.id) ?? []);
  const [publish, setPublish] = useState(entry?.status === "published");
  const [fields, setFields] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const busy = m.create.isPending || m.update.isPending;
  const fail = (e: unknown) => {
    setFields(e instanceof ApiError ? e.fields : {});
    setError(errorMessage(e));
  };
  const submit = (ev: React.FormEvent) => {
    ev.preventDefault();
    setError(null);
    const status = publish ? ("published" as const) : ("draft" as const);
    if (entry)
      m.update.mutate(
        { id: entry.id, version: entry.version, title, body, ideaIds, roadmapItemIds: itemIds, status },
        { onSuccess: onClose, onError: fail },
      );
    else
      m.create.mutate(
        { title, body, ideaIds, roadmapItemIds: itemIds, status },
        { onSuccess: onClose, onError: fail },
      );
  };
  return (
    <Modal
      opened
      onClose={onClose}
      title={entry ? "Edit entry" : "New changelog entry"}
      size="lg"
      fullScreen={phone}
    >
      <form onSubmit={submit}>
        <Stack gap="md">
          <TextInput
            label="Title"
            value={title}
            onChange={(e) => setTitle(e.currentTarget.value)}
            error={fields.title}
            required
            maxLength={300}
            data-autofocus
          />
          <Textarea
            label="What changed (Markdown)"
            value={body}
            onChange={(e) => setBody(e.currentTarget.value)}
            error={fields.body}
            autosize
            minRows={6}
            maxRows={18}
          />
          <MultiSelect
            label="Ideas it ships"
            data={ideas.data ?? []}
            value={ideaIds}
            onChange={setIdeaIds}
            searchable
            clearable
            placeholder={ideas.isPending ? "Loading ideas…" : "Pick ideas"}
            error={Object.entries(fields).find(([k]) => k.startsWith("ideaIds"))?.[1]}
            description="The close-the-loop message of a shipped idea offers the entries that name it"
          />
          <RoadmapItemPicker
            wid={wid}
            pid={pid}
            linked={entry?.roadmapItems ?? []}
            value={itemIds}
            onChange={setItemIds}
            error={Object.entries(fields).find(([k]) => k.startsWith("roadmapItemIds"))?.[1]}
          />
          <Switch
            label="Published (on the public page and in the feeds)"
            checked={publish}
            onChange={(e) => setPublish(e.currentTarget.checked)}
          />
          <FormError error={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={busy}>
              {entry ? "Save" : publish ? "Publish" : "Save draft"}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/**
 * The roadmap items an entry announces: a search over the product's roadmap items (by title, on the server, so a
 * product with thousands of items still finds each), grouped by roadmap.
 */
function RoadmapItemPicker({
  wid,
  pid,
  linked,
  value,
  onChange,
  error,
}: {
  wid: string;
  pid: string;
  linked: ChangelogEntry["roadmapItems"];
  value: string[];
  onChange: (ids: string[]) => void;
  error?: string;
}) {
  const [search, setSearch] = useState("");
  const [q] = useDebouncedValue(search.trim(), 200);
  const options = useRoadmapItemOptions(wid, pid, q);
  // Every item seen (linked already, or offered by a search), so picked ones keep their label under any search.
  const known = useRef(new Map<string, { title: string; roadmap: string }>());
  for (const i of linked)
    if (!known.current.has(i.id)) known.current.set(i.id, { title: i.title, roadmap: "Linked" });
  for (const i of options.data?.items ?? [])
    known.current.set(i.id, { title: i.title, roadmap: i.roadmapName });
  const data = useMemo(() => {
    const groups = new Map<string, { value: string; label: string }[]>();
    const put = (id: string) => {
      const k = known.current.get(id);
      if (!k) return;
      const g = groups.get(k.roadmap) ?? [];
      if (!g.some((o) => o.value === id)) g.push({ value: id, label: k.title });
      groups.set(k.roadmap, g);
    };
    for (const i of options.data?.items ?? []) put(i.id);
    for (const id of value) put(id);
    return [...groups].map(([group, items]) => ({ group, items }));
  }, [options.data, value]);
  return (
    <MultiSelect
      label="Roadmap items it ships"
      data={data}
      value={value}
      onChange={onChange}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      clearable
      placeholder={options.isPending ? "Loading…" : "Search roadmap items"}
      nothingFoundMessage={options.isFetching ? "Searching…" : "No roadmap item of this product matches"}
      error={error}
      description="Items of this product's roadmaps, searched by title"
    />
  );
}
