import { Alert, Button, Combobox, Group, Skeleton, Stack, Text, Textarea, useCombobox } from "@mantine/core";
import { IconMessageCircle } from "@tabler/icons-react";
import { Fragment, type ReactNode, useEffect, useMemo, useRef, useState } from "react";
import { errorMessage } from "../../api/client.ts";
import type { Member } from "../../api/types.ts";
import { QueryState } from "../../components/QueryState.tsx";
import { EmptyBlock } from "../../components/States.tsx";
import { UserAvatar } from "../../components/UserAvatar.tsx";
import { formatDateTime, relativeTime } from "../../lib/format.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { useAllMembers } from "../people/hooks.ts";
import { useAddComment, useComments } from "./hooks.ts";
import type { Comment } from "./types.ts";

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** A comment's text with its @mentions picked out. */
function Body({ comment, members }: { comment: Comment; members: Member[] }) {
  const names = comment.mentions
    .map((id) => members.find((m) => m.userId === id)?.name)
    .filter((n): n is string => Boolean(n))
    .sort((a, b) => b.length - a.length);
  let parts: ReactNode[] = [comment.body];
  if (names.length) {
    const re = new RegExp(`(@(?:${names.map(escapeRe).join("|")}))`, "g");
    parts = comment.body.split(re).map((p, i) =>
      i % 2 === 1 ? (
        // biome-ignore lint/suspicious/noArrayIndexKey: split pieces are positional
        <span key={i} className="baton-mention">
          {p}
        </span>
      ) : (
        // biome-ignore lint/suspicious/noArrayIndexKey: split pieces are positional
        <Fragment key={i}>{p}</Fragment>
      ),
    );
  }
  return (
    <Text size="sm" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
      {parts}
    </Text>
  );
}

export function Comments({ ideaId }: { ideaId: string }) {
  const { workspaceId, can } = useWorkspace();
  const comments = useComments(workspaceId, ideaId);
  const members = useAllMembers(workspaceId);
  const list = members.data ?? [];
  return (
    <Stack gap="md">
      <QueryState
        query={comments}
        loading={
          <Stack gap="sm">
            <Skeleton height={56} />
            <Skeleton height={56} />
          </Stack>
        }
        isEmpty={(data) => data.length === 0}
        empty={
          <EmptyBlock
            size="sm"
            icon={<IconMessageCircle size={22} />}
            title="No comments yet"
            description="Ask a question, add evidence, or @mention someone to bring them in."
          />
        }
      >
        {(data) => (
          <Stack gap="md">
            {data.map((c) => (
              <Group key={c.id} align="flex-start" gap="sm" wrap="nowrap">
                <UserAvatar name={c.authorName ?? "?"} size={30} />
                <Stack gap={2} style={{ minWidth: 0, flex: 1 }}>
                  <Group gap={8}>
                    <Text size="sm" fw={600}>
                      {c.authorName ?? "Former member"}
                    </Text>
                    <Text size="xs" c="dimmed" title={formatDateTime(c.createdAt)}>
                      {relativeTime(c.createdAt)}
                    </Text>
                  </Group>
                  <Body comment={c} members={list} />
                </Stack>
              </Group>
            ))}
          </Stack>
        )}
      </QueryState>
      {can("ideas.comment") ? <Composer ideaId={ideaId} members={list} /> : null}
    </Stack>
  );
}

/** A textarea that offers workspace members after "@"; picked people are sent as `mentions`. */
function Composer({ ideaId, members }: { ideaId: string; members: Member[] }) {
  const { workspaceId, user } = useWorkspace();
  const add = useAddComment(workspaceId, ideaId);
  const [body, setBody] = useState("");
  const [picked, setPicked] = useState<Member[]>([]);
  const [query, setQuery] = useState<{ start: number; end: number; text: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const ref = useRef<HTMLTextAreaElement>(null);
  const combobox = useCombobox({ onDropdownClose: () => combobox.resetSelectedOption() });

  const options = useMemo(() => {
    if (!query) return [];
    const t = query.text.toLowerCase();
    return members
      .filter((m) => m.userId !== user.id)
      .filter(
        (m) =>
          !t ||
          m.name
            .toLowerCase()
            .split(/\s+/)
            .some((w) => w.startsWith(t)) ||
          m.email.toLowerCase().startsWith(t),
      )
      .slice(0, 8);
  }, [query, members, user.id]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: re-select when the list changes
  useEffect(() => {
    if (options.length) {
      combobox.openDropdown();
      combobox.selectFirstOption();
    } else combobox.closeDropdown();
  }, [options]);

  const detect = (text: string, caret: number) => {
    const before = text.slice(0, caret);
    const m = /(^|\s)@([\p{L}\p{N}._-]{0,30})$/u.exec(before);
    setQuery(m ? { start: caret - m[2]!.length - 1, end: caret, text: m[2]! } : null);
  };

  const pick = (userId: string) => {
    const m = members.find((x) => x.userId === userId);
    if (!m || !query) return;
    const insert = `@${m.name} `;
    const next = body.slice(0, query.start) + insert + body.slice(query.end);
    setBody(next);
    setPicked((p) => (p.some((x) => x.userId === m.userId) ? p : [...p, m]));
    setQuery(null);
    combobox.closeDropdown();
    const caret = query.start + insert.length;
    requestAnimationFrame(() => {
      ref.current?.focus();
      ref.current?.setSelectionRange(caret, caret);
    });
  };

  const submit = () => {
    const text = body.trim();
    if (!text) {
      setError("Write something");
      return;
    }
    setError(null);
    const mentions = picked.filter((m) => text.includes(`@${m.name}`)).map((m) => m.userId);
    add.mutate(
      { body: text, mentions },
      {
        onSuccess: () => {
          setBody("");
          setPicked([]);
        },
        onError: (err) => setError(errorMessage(err)),
      },
    );
  };

  return (
    <Stack gap="xs">
      {error && error !== "Write something" ? (
        <Alert color="red" variant="light">
          {error}
        </Alert>
      ) : null}
      <Combobox store={combobox} onOptionSubmit={pick} position="bottom-start" withinPortal width={280}>
        <Combobox.Target targetType="input">
          <Textarea
            ref={ref}
            aria-label="Comment"
            placeholder="Write a comment… type @ to mention someone"
            autosize
            minRows={3}
            maxRows={12}
            maxLength={10_000}
            value={body}
            error={error === "Write something" ? error : undefined}
            onChange={(e) => {
              setBody(e.currentTarget.value);
              detect(e.currentTarget.value, e.currentTarget.selectionStart);
            }}
            onKeyDown={(e) => {
              if (e.key === "Enter" && (e.metaKey || e.ctrlKey)) {
                e.preventDefault();
                submit();
              }
              if (e.key === "Escape" && query) setQuery(null);
            }}
            onBlur={() => setTimeout(() => setQuery(null), 150)}
          />
        </Combobox.Target>
        <Combobox.Dropdown hidden={!options.length}>
          <Combobox.Options aria-label="People to mention">
            {options.map((m) => (
              <Combobox.Option value={m.userId} key={m.userId}>
                <Group gap="xs" wrap="nowrap">
                  <UserAvatar name={m.name} size={22} />
                  <Stack gap={0} style={{ minWidth: 0 }}>
                    <Text size="sm" truncate>
                      {m.name}
                    </Text>
                    <Text size="xs" c="dimmed" truncate>
                      {m.email}
                    </Text>
                  </Stack>
                </Group>
              </Combobox.Option>
            ))}
          </Combobox.Options>
        </Combobox.Dropdown>
      </Combobox>
      <Group justify="space-between">
        <Text size="xs" c="dimmed">
          {picked.length ? `Notifies ${picked.map((m) => m.name).join(", ")}. ` : ""}Ctrl+Enter to send.
        </Text>
        <Button size="sm" onClick={submit} loading={add.isPending}>
          Comment
        </Button>
      </Group>
    </Stack>
  );
}
