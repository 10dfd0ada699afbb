import { IconAdjustmentsHorizontal, IconBulb, IconPlus } from "@tabler/icons-react";
import { can } from "../../../shared/permissions.ts";
import { registerCommands } from "../../lib/commands.ts";
import { ideaPaths } from "./paths.ts";

registerCommands("ideas", (ctx) => [
  {
    id: "ideas.backlog",
    group: "Navigate",
    label: "Ideas backlog",
    description: "The ranked ideas of a product",
    icon: <IconBulb size={18} />,
    keywords: ["ideas", "backlog", "features", "ranking", "prioritization"],
    run: () => ctx.navigate(ideaPaths.index(ctx.workspaceId)),
  },
  {
    id: "ideas.factors",
    group: "Navigate",
    label: "Scoring factors",
    description: "The weighted factors stakeholders rate ideas on",
    icon: <IconAdjustmentsHorizontal size={18} />,
    keywords: ["factors", "weights", "scoring", "settings", "cost", "benefit"],
    run: () => ctx.navigate(ideaPaths.factors(ctx.workspaceId)),
  },
  ...(can(ctx.role, "ideas.write")
    ? [
        {
          id: "ideas.create",
          group: "Create",
          label: "New idea",
          icon: <IconPlus size={18} />,
          keywords: ["new", "idea", "feature", "add"],
          run: () => ctx.navigate(`${ideaPaths.index(ctx.workspaceId)}?new=1`),
        },
      ]
    : []),
]);
