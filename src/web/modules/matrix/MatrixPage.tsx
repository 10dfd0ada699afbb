import "./matrix.css";
import {
  Alert,
  Box,
  Button,
  Group,
  Menu,
  SegmentedControl,
  Select,
  Skeleton,
  Stack,
  Text,
} from "@mantine/core";
import { IconBulb, IconChevronDown, IconLayoutGrid, IconPlus, IconTable } from "@tabler/icons-react";
import { useCallback, useEffect, useMemo, useState } from "react";
import { Link, useLocation, useParams, useSearch } from "wouter";
import type { MatrixRow, MatrixView } from "../../../shared/matrix.schemas.ts";
import { Page, useDocumentTitle } from "../../components/Page.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { EmptyBlock, ErrorState, PageLoader } from "../../components/States.tsx";
import { pluralize } from "../../lib/format.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { useProduct } from "../ideas/hooks.ts";
import { lastProduct, rememberProduct } from "../ideas/paths.ts";
import { useProducts } from "../products/hooks.ts";
import { useMatrix } from "./hooks.ts";
import { matrixPath } from "./labels.ts";
import { type ActiveCell, MatrixTable } from "./MatrixTable.tsx";
import { AddRowModal, RowModal } from "./RowModals.tsx";

const VIEWS: MatrixView[] = ["all", "gaps", "differentiators"];

/** /w/:wid/matrix: opens the matrix of the product last worked on (else the first). */
export function MatrixIndexPage() {
  const { workspaceId: wid } = useWorkspace();
  const products = useProducts(wid);
  const [, navigate] = useLocation();
  useEffect(() => {
    if (!products.items.length) return;
    const last = lastProduct(wid);
    const pid = products.items.find((p) => p.id === last)?.id ?? products.items[0]!.id;
    navigate(matrixPath(wid, pid), { replace: true });
  }, [products.items, wid, navigate]);
  useDocumentTitle("Feature matrix");
  if (products.isPending) return <PageLoader />;
  if (products.error) return <ErrorState error={products.error} onRetry={() => products.refetch()} />;
  return (
    <Page title="Feature matrix">
      <EmptyBlock
        icon={<IconTable size={28} />}
        title="No products yet"
        description="The feature matrix compares one of your products with its competitors. Add a product first."
      >
        <Button component={Link} href={`/w/${wid}/products`}>
          Go to products
        </Button>
      </EmptyBlock>
    </Page>
  );
}

/** A product's feature matrix: capabilities by theme against our product and its competitors. */
export function MatrixPage() {
  const { workspaceId: wid, can } = useWorkspace();
  const { pid } = useParams<{ pid: string }>();
  const search = useSearch();
  const [, navigate] = useLocation();
  const viewParam = new URLSearchParams(search).get("view");
  const view: MatrixView = VIEWS.includes(viewParam as MatrixView) ? (viewParam as MatrixView) : "all";
  const product = useProduct(wid, pid);
  const products = useProducts(wid);
  const matrix = useMatrix(wid, pid, view);
  const [active, setActive] = useState<ActiveCell | null>(null);
  const [openRow, setOpenRow] = useState<string | null>(null);
  const [adding, setAdding] = useState<"free" | "ideas" | null>(null);
  const canWrite = can("competitors.write");
  useDocumentTitle("Feature matrix", product.data?.name);

  useEffect(() => {
    if (pid) rememberProduct(wid, pid);
  }, [wid, pid]);

  const setView = (v: string) => {
    setActive(null);
    navigate(`${matrixPath(wid, pid)}${v === "all" ? "" : `?view=${v}`}`, { replace: true });
  };
  const onActivate = useCallback((c: ActiveCell | null) => setActive(c), []);
  const onOpenRow = useCallback((r: MatrixRow) => setOpenRow(r.id), []);

  const data = matrix.data;
  const themes = useMemo(
    () => [...new Set((data?.groups ?? []).flatMap((g) => g.rows.map((r) => r.theme)))].sort(),
    [data],
  );
  const row = openRow ? (data?.groups.flatMap((g) => g.rows).find((r) => r.id === openRow) ?? null) : null;

  const actions = (
    <>
      {(products.items.length ?? 0) > 1 ? (
        <Select
          aria-label="Product"
          data={products.items.map((p) => ({ value: p.id, label: p.name }))}
          value={pid}
          onChange={(v) => v && navigate(matrixPath(wid, v))}
          allowDeselect={false}
          w={{ base: "100%", xs: 200 }}
        />
      ) : null}
      {canWrite ? (
        <Menu position="bottom-end">
          <Menu.Target>
            <Button leftSection={<IconPlus size={16} />} rightSection={<IconChevronDown size={14} />}>
              Add row
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Item leftSection={<IconLayoutGrid size={14} />} onClick={() => setAdding("free")}>
              A capability
            </Menu.Item>
            <Menu.Item leftSection={<IconBulb size={14} />} onClick={() => setAdding("ideas")}>
              From ideas
            </Menu.Item>
          </Menu.Dropdown>
        </Menu>
      ) : null}
    </>
  );

  return (
    <Page
      size="xl"
      title="Feature matrix"
      description={
        product.data
          ? `${product.data.name} against its competitors: who has what, where we lag (gaps) and where only we deliver.`
          : undefined
      }
      actions={actions}
    >
      <QueryState
        query={matrix}
        loading={
          <Stack gap="xs" role="status" aria-label="Loading the matrix">
            <Skeleton height={36} />
            <Skeleton height={320} />
          </Stack>
        }
      >
        {() => (
          <Stack gap="sm">
            <Group justify="space-between" wrap="wrap" gap="sm">
              <SegmentedControl
                value={view}
                onChange={setView}
                aria-label="View"
                data={[
                  { value: "all", label: `All (${data!.counts.rows})` },
                  { value: "gaps", label: `Gaps (${data!.counts.gaps})` },
                  { value: "differentiators", label: `Only us (${data!.counts.differentiators})` },
                ]}
              />
              <Text size="sm" c="dimmed">
                {pluralize(data!.columns.length, "competitor")}
                {data!.counts.staleCells
                  ? ` · ${pluralize(data!.counts.staleCells, "stale cell")} (not verified in ${data!.staleAfterDays} days)`
                  : ""}
              </Text>
            </Group>
            {data!.columns.length === 0 ? (
              <Alert color="blue" variant="light" title="No competitors linked to this product">
                Link competitors to {product.data?.name ?? "this product"} on the{" "}
                <Link href={`/w/${wid}/competitors`}>competitors page</Link> to fill their columns.
              </Alert>
            ) : null}
            {data!.counts.rows === 0 ? (
              <EmptyBlock
                icon={<IconTable size={28} />}
                title="No capabilities yet"
                description="Rows are capabilities: your ideas, roadmap items or anything customers compare. Add one, then mark who has it."
              >
                {canWrite ? (
                  <>
                    <Button onClick={() => setAdding("free")}>Add a capability</Button>
                    <Button variant="default" onClick={() => setAdding("ideas")}>
                      Add from ideas
                    </Button>
                  </>
                ) : null}
              </EmptyBlock>
            ) : data!.groups.every((g) => g.rows.length === 0) ? (
              <EmptyBlock
                icon={<IconTable size={28} />}
                title={view === "gaps" ? "No gaps" : "Nothing only we have"}
                description={
                  view === "gaps"
                    ? "No competitor has something we lack — or their cells are still unknown."
                    : "Every capability we have, at least one competitor has too (or ours is not marked yet)."
                }
              />
            ) : (
              <Box className="baton-matrix-scroll" role="region" aria-label="Feature matrix" tabIndex={0}>
                <MatrixTable
                  wid={wid}
                  matrix={data!}
                  productName={product.data?.name ?? "the product"}
                  canWrite={canWrite}
                  active={active}
                  onActivate={onActivate}
                  onOpenRow={onOpenRow}
                />
              </Box>
            )}
          </Stack>
        )}
      </QueryState>
      {pid ? (
        <AddRowModal
          pid={pid}
          opened={adding !== null}
          initialMode={adding ?? "free"}
          onClose={() => setAdding(null)}
          themes={themes}
        />
      ) : null}
      <RowModal
        row={row}
        onClose={() => setOpenRow(null)}
        themes={themes}
        canWrite={canWrite}
        canWriteIdeas={can("ideas.write")}
        competitors={data?.columns.length ?? 0}
      />
    </Page>
  );
}
