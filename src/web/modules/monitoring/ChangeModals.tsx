import { Button, Checkbox, Group, Modal, Select, Stack, Text, TextInput } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useEffect, useState } from "react";
import { errorMessage } from "../../api/client.ts";
import { FormError } from "../../components/States.tsx";
import { useIdeasPage } from "../ideas/hooks.ts";
import { lastProduct } from "../ideas/paths.ts";
import { useProducts } from "../products/hooks.ts";

/**
 * Marks a change as noise; on a web page, optionally "ignore this phrase from now on" (the monitor's ignore rule,
 * matched literally). `selection`: words the person selected in the diff, offered as the phrase.
 */
export function NoiseModal({
  opened,
  onClose,
  canIgnore,
  selection,
  busy,
  error,
  onConfirm,
}: {
  opened: boolean;
  onClose: () => void;
  canIgnore: boolean;
  selection: string;
  busy: boolean;
  error: unknown;
  onConfirm: (phrase: string | null) => void;
}) {
  const [ignore, setIgnore] = useState(false);
  const [phrase, setPhrase] = useState("");
  useEffect(() => {
    if (!opened) return;
    setPhrase(selection.trim().slice(0, 150));
    setIgnore(Boolean(selection.trim()));
  }, [opened, selection]);
  const submit = () => onConfirm(ignore && phrase.trim() ? phrase.trim() : null);
  return (
    <Modal opened={opened} onClose={onClose} title="Mark as noise">
      <Stack gap="sm">
        <Text size="sm">Noise stays in the page's history but leaves the feed and the daily digest.</Text>
        <FormError error={error ? errorMessage(error) : null} />
        {canIgnore ? (
          <>
            <Checkbox
              label="Ignore this phrase from now on"
              description="The source masks it before comparing, so it no longer counts as a change."
              checked={ignore}
              onChange={(e) => setIgnore(e.currentTarget.checked)}
            />
            {ignore ? (
              <TextInput
                label="Phrase to ignore"
                description={
                  selection.trim()
                    ? "Matched literally: the words you selected in the difference."
                    : "Matched literally (a counter's label, a banner's text). Tip: select words in the difference first to fill this in."
                }
                value={phrase}
                maxLength={150}
                onChange={(e) => setPhrase(e.currentTarget.value)}
                data-autofocus
              />
            ) : null}
          </>
        ) : (
          <Text size="xs" c="dimmed">
            Ignore rules apply to tracked web pages; this source is a feed or a listing.
          </Text>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={submit} loading={busy} disabled={ignore && !phrase.trim()}>
            Mark as noise
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** Picks an idea of a product (type to search) to link a change to. */
export function ChangeIdeaModal({
  wid,
  opened,
  onClose,
  busy,
  error,
  onLink,
}: {
  wid: string;
  opened: boolean;
  onClose: () => void;
  busy: boolean;
  error: unknown;
  onLink: (ideaId: string) => void;
}) {
  const products = useProducts(wid);
  const [pid, setPid] = useState<string | null>(null);
  const [search, setSearch] = useState("");
  const [q] = useDebouncedValue(search.trim(), 200);
  const [ideaId, setIdeaId] = useState<string | null>(null);
  useEffect(() => {
    if (pid || !products.items.length) return;
    const last = lastProduct(wid);
    setPid(products.items.find((p) => p.id === last)?.id ?? products.items[0]!.id);
  }, [pid, products.items, wid]);
  useEffect(() => {
    if (opened) setIdeaId(null);
  }, [opened]);
  const results = useIdeasPage(
    wid,
    pid,
    { q: q || undefined, sort: q ? "rank" : "updated", dir: q ? "asc" : "desc" },
    20,
    opened && Boolean(pid),
  );
  const ideas = (results.data?.items ?? []).filter((i) => i.status !== "merged");
  return (
    <Modal opened={opened} onClose={onClose} title="Link to an idea">
      <Stack gap="sm">
        <FormError error={error ? errorMessage(error) : null} />
        {products.items.length > 1 ? (
          <Select
            label="Product"
            data={products.items.map((p) => ({ value: p.id, label: p.name }))}
            value={pid}
            onChange={(v) => {
              setPid(v);
              setIdeaId(null);
            }}
            allowDeselect={false}
          />
        ) : null}
        <Select
          label="Idea"
          placeholder="Type to search the backlog"
          searchable
          searchValue={search}
          onSearchChange={setSearch}
          filter={({ options }) => options}
          data={ideas.map((i) => ({ value: i.id, label: `#${i.number} ${i.title}` }))}
          value={ideaId}
          onChange={setIdeaId}
          nothingFoundMessage={results.isFetching ? "Searching…" : "No idea found"}
          data-autofocus
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={() => ideaId && onLink(ideaId)} loading={busy} disabled={!ideaId}>
            Link
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
