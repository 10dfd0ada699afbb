import { IconChartPie, IconPlus } from "@tabler/icons-react";
import { can } from "../../../shared/permissions.ts";
import { registerCommands } from "../../lib/commands.ts";
import { objectivePaths } from "./paths.ts";

// "Objectives" itself comes from the module list (shell/commands.tsx, id "nav.objectives").
registerCommands("objectives", (ctx) => [
  {
    id: "objectives.coverage",
    group: "Navigate",
    label: "Objective coverage",
    description: "Which objectives get planned work, and which work serves no objective",
    icon: <IconChartPie size={18} />,
    keywords: ["objectives", "okr", "goals", "coverage", "alignment", "capacity share"],
    run: () => ctx.navigate(objectivePaths.coverage(ctx.workspaceId)),
  },
  ...(can(ctx.role, "objectives.write")
    ? [
        {
          id: "objectives.create",
          group: "Create",
          label: "New objective",
          description: "A company or product goal with key results",
          icon: <IconPlus size={18} />,
          keywords: ["new", "objective", "okr", "goal", "key result", "create"],
          run: () => ctx.navigate(`${objectivePaths.list(ctx.workspaceId)}?new=1`),
        },
      ]
    : []),
]);
