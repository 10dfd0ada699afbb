import { Button, Card, SimpleGrid, Stack, Text } from "@mantine/core";
import { IconBulb, IconPackage } from "@tabler/icons-react";
import { Link, Redirect, useSearch } from "wouter";
import { StageBadge } from "../../components/Badges.tsx";
import { Page, Surface, useDocumentTitle } from "../../components/Page.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { CardsSkeleton, EmptyBlock, LoadMore } from "../../components/States.tsx";
import { paths } from "../../lib/paths.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { useProducts } from "../products/hooks.ts";
import { ideaPaths, lastProduct } from "./paths.ts";

/**
 * "Ideas" in the navbar: each product has its own backlog. Goes straight to the one used last (or the
 * only one), keeping "?new=1" from the command palette; `?choose=1` always shows the list.
 */
export function IdeasIndexPage() {
  const { workspaceId: wid, workspace, can } = useWorkspace();
  useDocumentTitle("Ideas", workspace.name);
  const search = new URLSearchParams(useSearch());
  const choose = search.get("choose") === "1";
  const products = useProducts(wid);
  const last = lastProduct(wid);
  const keep = search.get("new") === "1" ? "?new=1" : "";

  if (products.isSuccess && !choose) {
    const target =
      products.items.find((p) => p.id === last) ??
      (products.items.length === 1 ? products.items[0] : undefined);
    if (target) {
      return <Redirect to={ideaPaths.backlog(wid, target.id) + keep} replace />;
    }
  }

  return (
    <Page
      title="Ideas"
      description="Every product has its own backlog of ideas, ranked by its prioritization framework."
    >
      <QueryState
        query={products}
        loading={<CardsSkeleton count={3} height={120} />}
        isEmpty={() => products.items.length === 0}
        empty={
          <Surface>
            <EmptyBlock
              icon={<IconPackage size={26} />}
              title="Add a product first"
              description="Ideas belong to a product. Once there is one, its backlog lives here."
            >
              {can("products.write") ? (
                <Button component={Link} href={`${paths.products(wid)}?new=1`}>
                  Create a product
                </Button>
              ) : null}
            </EmptyBlock>
          </Surface>
        }
      >
        {() => (
          <Stack gap="md">
            <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
              {products.items.map((p) => (
                <Card
                  key={p.id}
                  withBorder
                  radius="lg"
                  padding="lg"
                  component={Link}
                  href={ideaPaths.backlog(wid, p.id) + keep}
                >
                  <Stack gap="xs">
                    <Text fw={600}>{p.name}</Text>
                    <StageBadge stage={p.stage} />
                    {p.description ? (
                      <Text size="sm" c="dimmed" lineClamp={2}>
                        {p.description}
                      </Text>
                    ) : null}
                    <Text size="sm" c="baton" fw={500}>
                      <IconBulb size={14} style={{ verticalAlign: -2 }} /> Open the backlog
                    </Text>
                  </Stack>
                </Card>
              ))}
            </SimpleGrid>
            <LoadMore list={products} />
          </Stack>
        )}
      </QueryState>
    </Page>
  );
}
