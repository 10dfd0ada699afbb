import { IconUserPlus, IconUsers, IconUsersGroup } from "@tabler/icons-react";
import { can } from "../../../shared/permissions.ts";
import { registerCommands } from "../../lib/commands.ts";
import { paths } from "../../lib/paths.ts";

registerCommands("people", (ctx) => [
  {
    id: "nav.teams",
    group: "Navigate",
    label: "Teams",
    description: "Teams by discipline, with their members",
    icon: <IconUsersGroup size={18} />,
    keywords: ["people", "discipline"],
    run: () => ctx.navigate(paths.people(ctx.workspaceId, "teams")),
  },
  {
    id: "nav.members",
    group: "Navigate",
    label: "People",
    description: "Everyone in the workspace",
    icon: <IconUsers size={18} />,
    keywords: ["members", "users"],
    run: () => ctx.navigate(paths.people(ctx.workspaceId, "members")),
  },
  ...(can(ctx.role, "teams.write")
    ? [
        {
          id: "teams.create",
          group: "Create",
          label: "Create team",
          icon: <IconUsersGroup size={18} />,
          keywords: ["new", "team", "add"],
          run: () => ctx.navigate(`${paths.people(ctx.workspaceId, "teams")}?new=1`),
        },
      ]
    : []),
  ...(can(ctx.role, "invitations.manage")
    ? [
        {
          id: "invitations.create",
          group: "Create",
          label: "Invite someone",
          description: "Send an invitation link to join this workspace",
          icon: <IconUserPlus size={18} />,
          keywords: ["invite", "member", "stakeholder", "add"],
          run: () => ctx.navigate(`${paths.settings(ctx.workspaceId, "invitations")}?new=1`),
        },
      ]
    : []),
]);
