import { IconGauge } from "@tabler/icons-react";
import { registerCommands } from "../../lib/commands.ts";
import { capacityPaths } from "./paths.ts";

// "Capacity" in the palette (the navbar links it too).
registerCommands("capacity", (ctx) => [
  {
    id: "nav.capacity",
    group: "Navigate",
    label: "Capacity",
    description: "Team capacity per month, load from the roadmaps, time off",
    icon: <IconGauge size={18} />,
    keywords: [
      "capacity",
      "teams",
      "load",
      "utilisation",
      "utilization",
      "time off",
      "vacation",
      "allocation",
    ],
    run: () => ctx.navigate(capacityPaths.capacity(ctx.workspaceId)),
  },
]);
