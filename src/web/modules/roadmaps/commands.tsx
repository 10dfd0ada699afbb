import { IconChartBar, IconPlus, IconRoute } from "@tabler/icons-react";
import { can } from "../../../shared/permissions.ts";
import { registerCommands } from "../../lib/commands.ts";
import { roadmapPaths } from "./paths.ts";

registerCommands("roadmap", (ctx) => [
  {
    id: "roadmap.list",
    group: "Navigate",
    label: "Roadmaps",
    description: "Every product's roadmaps: timeline, now–next–later, capacity, versions",
    icon: <IconRoute size={18} />,
    keywords: ["roadmap", "plan", "timeline", "periods", "quarters", "smart", "capacity"],
    run: () => ctx.navigate(roadmapPaths.index(ctx.workspaceId)),
  },
  {
    id: "roadmap.portfolio",
    group: "Navigate",
    label: "Roadmap portfolio",
    description: "All products' planned items on one month axis",
    icon: <IconChartBar size={18} />,
    keywords: ["portfolio", "roadmap", "products", "overview", "timeline"],
    run: () => ctx.navigate(roadmapPaths.portfolio(ctx.workspaceId)),
  },
  ...(can(ctx.role, "roadmaps.write")
    ? [
        {
          id: "roadmap.create",
          group: "Create",
          label: "New roadmap",
          description: "Plan a product's items in periods and lanes",
          icon: <IconPlus size={18} />,
          keywords: ["new", "roadmap", "create", "plan"],
          run: () => ctx.navigate(`${roadmapPaths.index(ctx.workspaceId)}?new=1`),
        },
      ]
    : []),
]);
