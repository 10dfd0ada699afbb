import {
  ActionIcon,
  Badge,
  Button,
  Code,
  Group,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Tooltip,
} from "@mantine/core";
import { IconChevronDown, IconChevronRight, IconFilterOff, IconHistory, IconLock } from "@tabler/icons-react";
import { Fragment, useState } from "react";
import { usePagedList, wsKey } from "../../api/hooks.ts";
import type { AuditEvent } from "../../api/types.ts";
import { Page, Surface, useDocumentTitle } from "../../components/Page.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { EmptyBlock, LoadMore, TableSkeleton } from "../../components/States.tsx";
import { UserAvatar } from "../../components/UserAvatar.tsx";
import { formatDateTime, relativeTime } from "../../lib/format.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { useAllMembers } from "../people/hooks.ts";
import { JsonDiff } from "./JsonDiff.tsx";

const ENTITY_TYPES = [
  { value: "workspace", label: "Workspace" },
  { value: "member", label: "Member" },
  { value: "invitation", label: "Invitation" },
  { value: "product", label: "Product" },
  { value: "team", label: "Team" },
  { value: "api_token", label: "API token" },
];

const ACTIONS: Record<string, string[]> = {
  workspace: ["workspace.create", "workspace.update"],
  member: ["member.add", "member.role", "member.remove"],
  invitation: ["invitation.create", "invitation.revoke", "invitation.accept"],
  product: ["product.create", "product.update", "product.delete"],
  team: ["team.create", "team.update", "team.delete", "team.member.put", "team.member.remove"],
  api_token: ["token.create", "token.revoke"],
};

const ACTION_COLORS: Record<string, string> = {
  create: "teal",
  add: "teal",
  accept: "teal",
  update: "blue",
  role: "grape",
  put: "blue",
  delete: "red",
  remove: "red",
  revoke: "red",
};

function actionColor(action: string) {
  return ACTION_COLORS[action.split(".").pop() ?? ""] ?? "gray";
}

/** yyyy-mm-dd (local) → ISO instant at the start or the end of that day. */
function dayBound(value: string, end: boolean): string | undefined {
  if (!value) return undefined;
  const d = new Date(`${value}T${end ? "23:59:59.999" : "00:00:00"}`);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

function summary(e: AuditEvent): string {
  const obj = (e.after ?? e.before) as Record<string, unknown> | null;
  if (obj && typeof obj === "object") {
    for (const k of ["name", "email", "title"]) if (typeof obj[k] === "string") return obj[k] as string;
  }
  return e.entityId ? `${e.entityId.slice(0, 8)}…` : "";
}

export function AuditPage() {
  const { workspace, can } = useWorkspace();
  useDocumentTitle("Audit log", workspace.name);
  if (!can("audit.read")) {
    return (
      <Page title="Audit log">
        <Surface>
          <EmptyBlock
            icon={<IconLock size={26} />}
            title="Only owners and admins can browse the audit log"
            description="Ask an admin of this workspace if you need to know who changed something."
          />
        </Surface>
      </Page>
    );
  }
  return <AuditLog />;
}

function AuditLog() {
  const { workspaceId } = useWorkspace();
  const members = useAllMembers(workspaceId);
  const [entityType, setEntityType] = useState<string | null>(null);
  const [action, setAction] = useState<string | null>(null);
  const [actorId, setActorId] = useState<string | null>(null);
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [open, setOpen] = useState<Set<string>>(new Set());
  const query = {
    entityType: entityType ?? undefined,
    action: action ?? undefined,
    actorId: actorId ?? undefined,
    from: dayBound(from, false),
    to: dayBound(to, true),
  };
  const events = usePagedList<AuditEvent>(
    wsKey(workspaceId, "audit"),
    `/workspaces/${workspaceId}/audit`,
    query,
    50,
  );
  const filtered = Boolean(entityType || action || actorId || from || to);
  const actionOptions = entityType ? (ACTIONS[entityType] ?? []) : Object.values(ACTIONS).flat();

  const toggle = (id: string) =>
    setOpen((s) => {
      const n = new Set(s);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });

  const clear = () => {
    setEntityType(null);
    setAction(null);
    setActorId(null);
    setFrom("");
    setTo("");
  };

  return (
    <Page
      title="Audit log"
      description="Who changed what, and when — every change in this workspace, with its before and after. Select a row to see the details."
    >
      <Group gap="sm" align="flex-end" wrap="wrap">
        <Select
          label="Entity"
          placeholder="All"
          data={ENTITY_TYPES}
          value={entityType}
          onChange={(v) => {
            setEntityType(v);
            setAction(null);
          }}
          clearable
          allowDeselect
          w={160}
        />
        <Select
          label="Action"
          placeholder="All"
          data={actionOptions}
          value={action}
          onChange={setAction}
          clearable
          allowDeselect
          searchable
          w={200}
        />
        <Select
          label="Actor"
          placeholder="Anyone"
          data={(members.data ?? []).map((m) => ({ value: m.userId, label: m.name }))}
          value={actorId}
          onChange={setActorId}
          clearable
          allowDeselect
          searchable
          w={200}
        />
        <TextInput
          label="From"
          type="date"
          value={from}
          onChange={(e) => setFrom(e.currentTarget.value)}
          w={160}
        />
        <TextInput label="To" type="date" value={to} onChange={(e) => setTo(e.currentTarget.value)} w={160} />
        {filtered ? (
          <Button variant="subtle" leftSection={<IconFilterOff size={16} />} onClick={clear}>
            Clear
          </Button>
        ) : null}
      </Group>
      <Surface>
        <QueryState
          query={events}
          loading={<TableSkeleton rows={8} cols={4} />}
          isEmpty={() => events.items.length === 0}
          empty={
            <EmptyBlock
              icon={<IconHistory size={26} />}
              title={filtered ? "No event matches" : "Nothing recorded yet"}
              description={
                filtered
                  ? "Widen the date range or clear a filter."
                  : "Every change to products, teams, members, invitations and tokens will be recorded here."
              }
            >
              {filtered ? (
                <Button variant="default" onClick={clear}>
                  Clear filters
                </Button>
              ) : null}
            </EmptyBlock>
          }
          errorInset
        >
          {() => (
            <Table.ScrollContainer minWidth={720}>
              <Table className="baton-table" aria-label="Audit events">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th w={44} aria-label="Expand" />
                    <Table.Th w={170}>When</Table.Th>
                    <Table.Th w={220}>Actor</Table.Th>
                    <Table.Th w={190}>Action</Table.Th>
                    <Table.Th>Entity</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {events.items.map((e) => {
                    const expanded = open.has(e.id);
                    return (
                      <Fragment key={e.id}>
                        <Table.Tr
                          className="baton-row-expandable"
                          onClick={() => toggle(e.id)}
                          bg={expanded ? "var(--mantine-color-default-hover)" : undefined}
                        >
                          <Table.Td>
                            <ActionIcon
                              variant="subtle"
                              color="gray"
                              size="sm"
                              aria-expanded={expanded}
                              aria-label={expanded ? "Hide details" : "Show details"}
                              onClick={(ev) => {
                                ev.stopPropagation();
                                toggle(e.id);
                              }}
                            >
                              {expanded ? <IconChevronDown size={16} /> : <IconChevronRight size={16} />}
                            </ActionIcon>
                          </Table.Td>
                          <Table.Td>
                            <Tooltip label={formatDateTime(e.at)}>
                              <Text size="sm">{relativeTime(e.at)}</Text>
                            </Tooltip>
                          </Table.Td>
                          <Table.Td>
                            <Group gap={8} wrap="nowrap">
                              {e.actorName ? <UserAvatar name={e.actorName} size={22} /> : null}
                              <Text size="sm" truncate>
                                {e.actorName ?? "System"}
                              </Text>
                              {e.via !== "session" ? (
                                <Badge size="xs" variant="outline" color="gray">
                                  {e.via === "token" ? "API" : e.via}
                                </Badge>
                              ) : null}
                            </Group>
                          </Table.Td>
                          <Table.Td>
                            <Badge variant="light" color={actionColor(e.action)} tt="none" radius="sm">
                              {e.action}
                            </Badge>
                          </Table.Td>
                          <Table.Td>
                            <Group gap={6} wrap="nowrap">
                              <Text size="sm" c="dimmed">
                                {e.action.startsWith("team.member.")
                                  ? "team member"
                                  : e.entityType.replace("_", " ")}
                              </Text>
                              <Text size="sm" fw={500} truncate>
                                {summary(e)}
                              </Text>
                            </Group>
                          </Table.Td>
                        </Table.Tr>
                        {expanded ? (
                          <Table.Tr>
                            <Table.Td colSpan={5} p="md" bg="var(--mantine-color-default-hover)">
                              <Stack gap="xs">
                                <Text size="xs" c="dimmed">
                                  {formatDateTime(e.at)} · {e.entityType}{" "}
                                  <Code fz={11}>{e.entityId ?? "—"}</Code>
                                </Text>
                                <JsonDiff before={e.before} after={e.after} />
                              </Stack>
                            </Table.Td>
                          </Table.Tr>
                        ) : null}
                      </Fragment>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </QueryState>
        <LoadMore list={events} />
      </Surface>
    </Page>
  );
}
