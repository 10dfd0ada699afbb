import { IconSwords } from "@tabler/icons-react";
import { can } from "../../../shared/permissions.ts";
import { registerCommands } from "../../lib/commands.ts";

// "Competitors" itself comes from the module list (shell's navigation commands); this adds the create command.
registerCommands("competitors", (ctx) =>
  can(ctx.role, "competitors.manage")
    ? [
        {
          id: "competitors.create",
          group: "Create",
          label: "Add competitor",
          description: "A competitor's profile: website, positioning, products it competes with",
          icon: <IconSwords size={18} />,
          keywords: ["competitor", "rival", "swot", "battlecard", "pricing"],
          run: () => ctx.navigate(`/w/${ctx.workspaceId}/competitors?new=1`),
        },
      ]
    : [],
);
