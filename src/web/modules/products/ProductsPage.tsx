import { ActionIcon, Button, Group, Menu, Select, Stack, Table, Text } from "@mantine/core";
import { useDebouncedValue, useDisclosure } from "@mantine/hooks";
import {
  IconBulb,
  IconDots,
  IconNews,
  IconPackage,
  IconPencil,
  IconPlus,
  IconSearch,
  IconTable,
  IconTrash,
} from "@tabler/icons-react";
import { useState } from "react";
import { Link } from "wouter";
import { LIFECYCLE_STAGES, type LifecycleStage } from "../../../shared/enums.ts";
import type { Product } from "../../api/types.ts";
import { StageBadge } from "../../components/Badges.tsx";
import { confirmAction, notifyError, notifySuccess } from "../../components/feedback.tsx";
import { Page, Surface, useDocumentTitle } from "../../components/Page.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { SearchInput } from "../../components/SearchInput.tsx";
import { EmptyBlock, LoadMore, TableSkeleton } from "../../components/States.tsx";
import { UserAvatar } from "../../components/UserAvatar.tsx";
import { relativeTime } from "../../lib/format.ts";
import { STAGE_LABELS } from "../../lib/labels.ts";
import { paths } from "../../lib/paths.ts";
import { useNewParam } from "../../lib/use-new-param.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { useDeleteProduct, useProducts } from "./hooks.ts";
import { ProductFormModal } from "./ProductFormModal.tsx";

const STAGE_FILTER = [
  { value: "all", label: "All stages" },
  ...LIFECYCLE_STAGES.map((s) => ({ value: s, label: STAGE_LABELS[s] })),
];

export function ProductsPage() {
  const { workspaceId, workspace, can } = useWorkspace();
  useDocumentTitle("Products", workspace.name);
  const [stage, setStage] = useState<LifecycleStage | null>(null);
  const [q, setQ] = useState("");
  const [debouncedQ] = useDebouncedValue(q.trim(), 250);
  const products = useProducts(workspaceId, stage, debouncedQ);
  const del = useDeleteProduct(workspaceId);
  const [opened, modal] = useDisclosure(false);
  const [editing, setEditing] = useState<Product | null>(null);
  const canWrite = can("products.write");
  const canDelete = can("products.delete");
  const filtered = Boolean(stage || debouncedQ);

  const openNew = () => {
    setEditing(null);
    modal.open();
  };
  const openEdit = (p: Product) => {
    setEditing(p);
    modal.open();
  };

  // "Create product" from the command palette arrives as ?new=1.
  useNewParam(paths.products(workspaceId), () => canWrite && openNew());

  const remove = (p: Product) =>
    confirmAction({
      title: `Delete ${p.name}?`,
      message: (
        <Text size="sm">
          The product and its history in Baton are deleted. This cannot be undone; the audit log keeps a
          record.
        </Text>
      ),
      confirmLabel: "Delete product",
      onConfirm: () =>
        del.mutate(p.id, {
          onSuccess: () => notifySuccess(`${p.name} was deleted.`),
          onError: (err) => notifyError(err, "Could not delete the product"),
        }),
    });

  return (
    <Page
      title="Products"
      description="Everything this workspace builds and runs, with its stage in the lifecycle — from idea to retirement."
      actions={
        canWrite ? (
          <Button leftSection={<IconPlus size={16} />} onClick={openNew}>
            New product
          </Button>
        ) : null
      }
    >
      {products.isSuccess && products.items.length === 0 && !filtered && !q ? null : (
        <Group gap="sm" wrap="wrap">
          <SearchInput
            label="Search products"
            value={q}
            onChange={setQ}
            style={{ flex: "1 1 240px", maxWidth: 360 }}
          />
          <Select
            aria-label="Filter by stage"
            data={STAGE_FILTER}
            value={stage ?? "all"}
            onChange={(v) => setStage(!v || v === "all" ? null : (v as LifecycleStage))}
            w={190}
          />
        </Group>
      )}
      <Surface>
        <QueryState
          query={products}
          loading={<TableSkeleton rows={6} cols={4} />}
          isEmpty={() => products.items.length === 0}
          empty={
            filtered ? (
              <EmptyBlock
                size="sm"
                icon={<IconSearch size={22} />}
                title="No product matches"
                description="Try another search or stage."
              >
                <Button
                  variant="default"
                  onClick={() => {
                    setQ("");
                    setStage(null);
                  }}
                >
                  Clear filters
                </Button>
              </EmptyBlock>
            ) : (
              <EmptyBlock
                icon={<IconPackage size={26} />}
                title="No products yet"
                description="A product is what you run the loop for: evidence, decisions, a roadmap and releases all hang off it. Add the first one to get started."
              >
                {canWrite ? (
                  <Button leftSection={<IconPlus size={16} />} onClick={openNew}>
                    Create your first product
                  </Button>
                ) : (
                  <Text size="sm" c="dimmed">
                    A product manager or admin can add products.
                  </Text>
                )}
              </EmptyBlock>
            )
          }
          errorInset
        >
          {() => (
            <Table.ScrollContainer minWidth={740}>
              <Table className="baton-table" aria-label="Products">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th miw={220}>Product</Table.Th>
                    <Table.Th w={150}>Stage</Table.Th>
                    <Table.Th w={220}>Product manager</Table.Th>
                    <Table.Th w={130}>Updated</Table.Th>
                    <Table.Th w={110}>Backlog</Table.Th>
                    {canWrite || canDelete ? <Table.Th w={56} aria-label="Actions" /> : null}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {products.items.map((p) => (
                    <Table.Tr key={p.id}>
                      <Table.Td>
                        <Stack gap={2} maw={460}>
                          {canWrite ? (
                            <Text
                              component="button"
                              type="button"
                              fw={600}
                              size="sm"
                              ta="left"
                              onClick={() => openEdit(p)}
                              style={{
                                background: "none",
                                border: 0,
                                padding: 0,
                                color: "inherit",
                                cursor: "pointer",
                              }}
                            >
                              {p.name}
                            </Text>
                          ) : (
                            <Text fw={600} size="sm">
                              {p.name}
                            </Text>
                          )}
                          {p.description ? (
                            <Text size="xs" c="dimmed" lineClamp={1}>
                              {p.description}
                            </Text>
                          ) : null}
                        </Stack>
                      </Table.Td>
                      <Table.Td>
                        <StageBadge stage={p.stage} />
                      </Table.Td>
                      <Table.Td>
                        {p.managerName ? (
                          <Group gap={8} wrap="nowrap">
                            <UserAvatar name={p.managerName} size={24} />
                            <Text size="sm" truncate>
                              {p.managerName}
                            </Text>
                          </Group>
                        ) : (
                          <Text size="sm" c="dimmed">
                            Unassigned
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" c="dimmed" title={p.updatedAt}>
                          {relativeTime(p.updatedAt)}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Button
                          component={Link}
                          href={`/w/${workspaceId}/products/${p.id}/ideas`}
                          variant="subtle"
                          size="compact-sm"
                          leftSection={<IconBulb size={14} />}
                          aria-label={`Ideas of ${p.name}`}
                        >
                          Ideas
                        </Button>
                        <Button
                          component={Link}
                          href={`/w/${workspaceId}/products/${p.id}/changelog`}
                          variant="subtle"
                          size="compact-sm"
                          leftSection={<IconNews size={14} />}
                          aria-label={`Changelog of ${p.name}`}
                        >
                          Changelog
                        </Button>
                        <Button
                          component={Link}
                          href={`/w/${workspaceId}/products/${p.id}/matrix`}
                          variant="subtle"
                          size="compact-sm"
                          leftSection={<IconTable size={14} />}
                          aria-label={`Feature matrix of ${p.name}`}
                        >
                          Matrix
                        </Button>
                      </Table.Td>
                      {canWrite || canDelete ? (
                        <Table.Td>
                          <Menu position="bottom-end">
                            <Menu.Target>
                              <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${p.name}`}>
                                <IconDots size={16} />
                              </ActionIcon>
                            </Menu.Target>
                            <Menu.Dropdown>
                              {canWrite ? (
                                <Menu.Item leftSection={<IconPencil size={14} />} onClick={() => openEdit(p)}>
                                  Edit
                                </Menu.Item>
                              ) : null}
                              {canDelete ? (
                                <Menu.Item
                                  color="red"
                                  leftSection={<IconTrash size={14} />}
                                  onClick={() => remove(p)}
                                >
                                  Delete
                                </Menu.Item>
                              ) : null}
                            </Menu.Dropdown>
                          </Menu>
                        </Table.Td>
                      ) : null}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </QueryState>
        <LoadMore list={products} />
      </Surface>
      <ProductFormModal opened={opened} onClose={modal.close} product={editing} />
    </Page>
  );
}
