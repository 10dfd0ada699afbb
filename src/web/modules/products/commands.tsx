import { IconPackage, IconPlus } from "@tabler/icons-react";
import { can } from "../../../shared/permissions.ts";
import { registerCommands } from "../../lib/commands.ts";
import { paths } from "../../lib/paths.ts";

registerCommands("products", (ctx) => [
  {
    id: "nav.products",
    group: "Navigate",
    label: "Products",
    description: "Products and their lifecycle stage",
    icon: <IconPackage size={18} />,
    run: () => ctx.navigate(paths.products(ctx.workspaceId)),
  },
  ...(can(ctx.role, "products.write")
    ? [
        {
          id: "products.create",
          group: "Create",
          label: "Create product",
          icon: <IconPlus size={18} />,
          keywords: ["new", "product", "add"],
          run: () => ctx.navigate(`${paths.products(ctx.workspaceId)}?new=1`),
        },
      ]
    : []),
]);
