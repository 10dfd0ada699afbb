import { IconTable } from "@tabler/icons-react";
import { registerCommands } from "../../lib/commands.ts";
import { matrixPath } from "./labels.ts";

registerCommands("matrix", (ctx) => [
  {
    id: "matrix.open",
    group: "Navigate",
    label: "Feature matrix",
    description: "Compare a product's capabilities with its competitors: gaps and differentiators",
    icon: <IconTable size={18} />,
    keywords: ["matrix", "feature", "competitors", "gaps", "differentiators", "comparison"],
    run: () => ctx.navigate(matrixPath(ctx.workspaceId)),
  },
]);
