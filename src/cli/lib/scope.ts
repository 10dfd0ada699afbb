import { cliActor, type WorkspaceContext } from "../../server/context.ts";
import { AppError, invalid } from "../../server/errors.ts";
import type { Role } from "../../shared/enums.ts";
import type { Roadmap } from "../../shared/roadmap.schemas.ts";
import type { Product } from "../../shared/schemas.ts";
import type { Backend } from "./backend.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: string) => UUID.test(s.trim());

/**
 * Who acts for a CLI command: the operator of the instance, with every permission in the workspace
 * (like `baton admin`). Audit entries show no user and "via cli".
 */
export function cliContext(workspaceId: string, role: Role = "owner"): WorkspaceContext {
  return { ...cliActor(), workspaceId, role };
}

/** The workspace of --workspace (id or slug), or the instance's only one (a token's own, remotely). */
export const workspaceScope = (b: Backend, workspace: string | undefined) => b.workspace(workspace);

/** The product of --product: its id, or its name (case-insensitive; it must name one product). */
export async function resolveProduct(b: Backend, workspaceId: string, idOrName: string): Promise<Product> {
  const wanted = idOrName.trim();
  if (!wanted) throw invalid({ "--product": "give a product id or name" });
  if (isUuid(wanted)) {
    return b.getProduct(workspaceId, wanted).catch((err) => {
      if (err instanceof AppError && err.code === "not_found")
        throw invalid(
          { "--product": `no product with the id ${wanted} in this workspace` },
          "No such product",
        );
      throw err;
    });
  }
  const found = await b.searchProducts(workspaceId, wanted);
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

/**
 * The roadmap of a `<roadmap>` argument: its id, or its name (case-insensitive) when one roadmap of the
 * workspace has it; several of that name → an error naming them with their products and ids.
 */
export async function resolveRoadmap(b: Backend, workspaceId: string, idOrName: string): Promise<Roadmap> {
  const wanted = idOrName.trim();
  if (!wanted) throw invalid({ roadmap: "give a roadmap id or name" });
  if (isUuid(wanted)) {
    return b.getRoadmap(workspaceId, wanted).catch((err) => {
      if (err instanceof AppError && err.code === "not_found")
        throw invalid({ roadmap: `no roadmap with the id ${wanted} in this workspace` }, "No such roadmap");
      throw err;
    });
  }
  const all = await b.listRoadmaps(workspaceId);
  const exact = all.filter((r) => r.name.trim().toLowerCase() === wanted.toLowerCase());
  if (exact.length === 1) return exact[0];
  if (exact.length > 1) {
    throw invalid(
      {
        roadmap: `${exact.length} roadmaps are named so: ${exact.map((r) => `${r.id} (${r.productName})`).join(", ")}`,
      },
      "Several roadmaps have this name: give the roadmap's id instead",
    );
  }
  const near = all.filter((r) => r.name.toLowerCase().includes(wanted.toLowerCase()));
  const hint = (near.length ? near : all)
    .slice(0, 5)
    .map((r) => `"${r.name}"`)
    .join(", ");
  throw invalid(
    {
      roadmap: `no roadmap named "${wanted}" in this workspace${hint ? `; ${near.length ? "did you mean" : "there are"} ${hint}` : ""}`,
    },
    "No such roadmap",
  );
}

/** --status new,planned --status shipped → ["new", "planned", "shipped"] (commander's repeatable option). */
export const collectList = (value: string, previous: string[] = []) => [
  ...previous,
  ...value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean),
];
