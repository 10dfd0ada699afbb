import { cliActor, type WorkspaceContext } from "../../server/context.ts";
import type { Db } from "../../server/db/client.ts";
import { AppError, invalid } from "../../server/errors.ts";
import { getProduct, listProducts } from "../../server/modules/products/products.service.ts";
import { resolveWorkspaceOrOnly } from "../../server/modules/transfer/transfer.service.ts";
import type { Role } from "../../shared/enums.ts";
import type { Product } from "../../shared/schemas.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: string) => UUID.test(s.trim());

/**
 * Who acts for a CLI command: the operator of the instance, with every permission in the workspace
 * (like `baton admin`). Audit entries show no user and "via cli".
 */
export function cliContext(workspaceId: string, role: Role = "owner"): WorkspaceContext {
  return { ...cliActor(), workspaceId, role };
}

/** The workspace of --workspace (id or slug), or the instance's only one; the acting context in it. */
export async function workspaceScope(db: Db, workspace: string | undefined) {
  const ws = await resolveWorkspaceOrOnly(db, workspace);
  return { ws, ctx: cliContext(ws.id) };
}

/** The product of --product: its id, or its name (case-insensitive; it must name one product). */
export async function resolveProduct(db: Db, workspaceId: string, idOrName: string): Promise<Product> {
  const wanted = idOrName.trim();
  if (!wanted) throw invalid({ "--product": "give a product id or name" });
  if (isUuid(wanted)) {
    return getProduct(db, workspaceId, wanted).catch((err) => {
      if (err instanceof AppError && err.code === "not_found")
        throw invalid(
          { "--product": `no product with the id ${wanted} in this workspace` },
          "No such product",
        );
      throw err;
    });
  }
  const found: Product[] = [];
  let cursor: string | undefined;
  do {
    const page = await listProducts(db, workspaceId, { q: wanted, limit: 100, cursor });
    found.push(...(page.items as Product[]));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  const exact = found.filter((p) => p.name.trim().toLowerCase() === wanted.toLowerCase());
  if (exact.length === 1) return exact[0];
  if (exact.length > 1) {
    throw invalid(
      { "--product": `${exact.length} products are named so: ${exact.map((p) => p.id).join(", ")}` },
      "Give the product's id instead of its name",
    );
  }
  const hint = found.length
    ? `; did you mean ${found
        .slice(0, 5)
        .map((p) => `"${p.name}"`)
        .join(", ")}?`
    : "";
  throw invalid({ "--product": `no product named "${wanted}" in this workspace${hint}` }, "No such product");
}

/** --status new,planned --status shipped → ["new", "planned", "shipped"] (commander's repeatable option). */
export const collectList = (value: string, previous: string[] = []) => [
  ...previous,
  ...value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean),
];
