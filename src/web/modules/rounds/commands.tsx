import { IconPlus, IconScale } from "@tabler/icons-react";
import { can } from "../../../shared/permissions.ts";
import { registerCommands } from "../../lib/commands.ts";
import { roundPath } from "./hooks.ts";

registerCommands("rounds", (ctx) => [
  {
    id: "nav.rounds",
    group: "Navigate",
    label: "Scoring rounds",
    description: "Rate ideas with stakeholders before a deadline; see the results",
    icon: <IconScale size={18} />,
    keywords: ["vote", "voting", "rate", "ratings", "prioritize", "results"],
    run: () => ctx.navigate(roundPath(ctx.workspaceId)),
  },
  ...(can(ctx.role, "rounds.manage")
    ? [
        {
          id: "rounds.create",
          group: "Create",
          label: "Open a scoring round",
          description: "Ask stakeholders to rate ideas on the factors",
          icon: <IconPlus size={18} />,
          keywords: ["new", "round", "vote", "scoring", "create"],
          run: () => ctx.navigate(`${roundPath(ctx.workspaceId)}?new=1`),
        },
      ]
    : []),
]);
