import { IconRadar } from "@tabler/icons-react";
import { can } from "../../../shared/permissions.ts";
import { registerCommands } from "../../lib/commands.ts";

// The palette's entries for detected competitor changes.
registerCommands("changes", (ctx) =>
  can(ctx.role, "competitors.read")
    ? [
        {
          id: "changes.open",
          group: "Navigate",
          label: "Changes",
          description: "What changed on competitors' tracked pages and feeds",
          icon: <IconRadar size={18} />,
          keywords: ["competitor", "changes", "diff", "monitor", "digest", "tracked pages"],
          run: () => ctx.navigate(`/w/${ctx.workspaceId}/changes`),
        },
        {
          id: "changes.high",
          group: "Navigate",
          label: "High-importance changes",
          description: "Competitor changes marked high importance",
          icon: <IconRadar size={18} />,
          keywords: ["competitor", "pricing", "important", "alert"],
          run: () => ctx.navigate(`/w/${ctx.workspaceId}/changes?importance=high`),
        },
      ]
    : [],
);
