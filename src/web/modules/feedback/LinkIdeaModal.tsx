import {
  Box,
  Button,
  Group,
  Modal,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput,
  UnstyledButton,
} from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconQuote, IconSearch } from "@tabler/icons-react";
import { type KeyboardEvent, useEffect, useId, useState } from "react";
import type { Importance } from "../../../shared/feedback.ts";
import { errorMessage } from "../../api/client.ts";
import { FormError } from "../../components/States.tsx";
import { useWorkspace } from "../../lib/workspace.ts";
import { StatusBadge } from "../ideas/components.tsx";
import { useIdeasPage } from "../ideas/hooks.ts";
import { lastProduct, rememberProduct } from "../ideas/paths.ts";
import { useProducts } from "../products/hooks.ts";
import { IMPORTANCE_LABELS } from "./labels.tsx";

export interface Span {
  start: number;
  end: number;
  quote: string;
}

/** The text the person selected inside `container`, as a span of `text` (null when it is not found there). */
export function selectedSpan(text: string, container: HTMLElement | null): Span | null {
  const sel = window.getSelection();
  if (!sel || sel.isCollapsed || !container || !sel.anchorNode || !container.contains(sel.anchorNode))
    return null;
  const quote = sel.toString().trim();
  if (quote.length < 3) return null;
  const start = text.indexOf(quote);
  return start < 0 ? null : { start, end: start + quote.length, quote };
}

/**
 * The search picker that links an item to an idea: type to search a product's ideas, ↑/↓ to choose, Enter to
 * link. Importance keys 1–3 while the list has focus.
 */
export function LinkIdeaModal({
  opened,
  onClose,
  onLink,
  span,
  linking,
  error,
}: {
  opened: boolean;
  onClose: () => void;
  onLink: (ideaId: string, importance: Importance) => void;
  span: Span | null;
  linking: boolean;
  error: unknown;
}) {
  const { workspaceId: wid } = useWorkspace();
  const products = useProducts(wid);
  const [pid, setPid] = useState<string | null>(null);
  const [search, setSearch] = useState("");
  const [q] = useDebouncedValue(search.trim(), 200);
  const [active, setActive] = useState(0);
  const [importance, setImportance] = useState<Importance>("nice");
  const listId = useId();

  useEffect(() => {
    if (!opened) return;
    setSearch("");
    setActive(0);
    setImportance("nice");
  }, [opened]);

  // The product last worked on, else the first one.
  useEffect(() => {
    if (pid || !products.items.length) return;
    const last = lastProduct(wid);
    setPid(products.items.find((p) => p.id === last)?.id ?? products.items[0]!.id);
  }, [pid, products.items, wid]);

  const results = useIdeasPage(
    wid,
    pid,
    { q: q || undefined, sort: q ? "rank" : "updated", dir: q ? "asc" : "desc" },
    12,
    opened,
  );
  const ideas = (results.data?.items ?? []).filter((i) => i.status !== "merged");
  const current = ideas[Math.min(active, ideas.length - 1)];

  const choose = (id: string | undefined) => {
    if (id && !linking) onLink(id, importance);
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.key === "ArrowDown") {
      e.preventDefault();
      setActive((a) => Math.min(a + 1, ideas.length - 1));
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      setActive((a) => Math.max(a - 1, 0));
    } else if (e.key === "Enter") {
      e.preventDefault();
      choose(current?.id);
    } else if (e.altKey && ["1", "2", "3"].includes(e.key)) {
      e.preventDefault();
      setImportance((["nice", "important", "critical"] as const)[Number(e.key) - 1]!);
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} title="Link to an idea" size="lg">
      <Stack gap="sm">
        {span ? (
          <Group gap={6} wrap="nowrap" align="flex-start">
            <IconQuote size={16} style={{ flexShrink: 0, marginTop: 2 }} aria-hidden />
            <Text size="sm" fs="italic" lineClamp={3}>
              Highlight: {span.quote}
            </Text>
          </Group>
        ) : (
          <Text size="xs" c="dimmed">
            Tip: select words in the feedback before pressing L to link just that highlight.
          </Text>
        )}
        <FormError error={error ? errorMessage(error) : null} />
        <Group gap="sm" align="flex-end" wrap="wrap">
          {products.items.length > 1 ? (
            <Select
              label="Product"
              data={products.items.map((p) => ({ value: p.id, label: p.name }))}
              value={pid}
              onChange={(v) => {
                if (!v) return;
                setPid(v);
                rememberProduct(wid, v);
                setActive(0);
              }}
              allowDeselect={false}
              w={{ base: "100%", xs: 200 }}
            />
          ) : null}
          <TextInput
            label="Idea"
            placeholder="Search by title"
            leftSection={<IconSearch size={16} />}
            value={search}
            onChange={(e) => {
              setSearch(e.currentTarget.value);
              setActive(0);
            }}
            onKeyDown={onKey}
            data-autofocus
            style={{ flex: "1 1 220px" }}
            role="combobox"
            aria-expanded
            aria-controls={listId}
            aria-activedescendant={current ? `${listId}-${current.id}` : undefined}
            aria-autocomplete="list"
          />
        </Group>
        <Box
          id={listId}
          role="listbox"
          aria-label="Ideas"
          mah={320}
          style={{
            overflowY: "auto",
            border: "1px solid var(--mantine-color-default-border)",
            borderRadius: 8,
          }}
        >
          {ideas.length === 0 ? (
            <Text size="sm" c="dimmed" p="md">
              {results.isFetching ? "Searching…" : q ? "No idea matches" : "This product has no ideas yet"}
            </Text>
          ) : (
            ideas.map((idea, i) => (
              <UnstyledButton
                key={idea.id}
                id={`${listId}-${idea.id}`}
                role="option"
                aria-selected={current?.id === idea.id}
                tabIndex={-1}
                onMouseEnter={() => setActive(i)}
                onClick={() => choose(idea.id)}
                w="100%"
                px="sm"
                py={8}
                className="baton-fb-option"
              >
                <Group gap="sm" wrap="nowrap" justify="space-between">
                  <Text size="sm" truncate>
                    <Text span c="dimmed" inherit>
                      #{idea.number}
                    </Text>{" "}
                    {idea.title}
                  </Text>
                  <StatusBadge status={idea.status} size="sm" />
                </Group>
              </UnstyledButton>
            ))
          )}
        </Box>
        <Stack gap={4}>
          <Text size="sm" fw={500} id={`${listId}-imp`}>
            Importance to this customer{" "}
            <Text span size="xs" c="dimmed">
              (Alt+1, 2, 3)
            </Text>
          </Text>
          <SegmentedControl
            aria-labelledby={`${listId}-imp`}
            value={importance}
            onChange={(v) => setImportance(v as Importance)}
            data={(["nice", "important", "critical"] as const).map((k) => ({
              value: k,
              label: IMPORTANCE_LABELS[k],
            }))}
            fullWidth
          />
        </Stack>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={() => choose(current?.id)} disabled={!current} loading={linking}>
            {current ? `Link to #${current.number}` : "Link"}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
