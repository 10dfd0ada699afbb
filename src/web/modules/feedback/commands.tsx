import { IconAddressBook, IconMessagePlus, IconMessages } from "@tabler/icons-react";
import { can } from "../../../shared/permissions.ts";
import { registerCommands } from "../../lib/commands.ts";

registerCommands("feedback", (ctx) => [
  {
    id: "feedback.inbox",
    group: "Navigate",
    label: "Feedback inbox",
    description: "Triage what customers and colleagues said",
    icon: <IconMessages size={18} />,
    keywords: ["feedback", "inbox", "triage", "evidence", "voice of the customer"],
    run: () => ctx.navigate(`/w/${ctx.workspaceId}/feedback`),
  },
  {
    id: "customers.list",
    group: "Navigate",
    label: "Customers",
    description: "Companies and people who give feedback",
    icon: <IconAddressBook size={18} />,
    keywords: ["customers", "companies", "accounts", "people", "arr"],
    run: () => ctx.navigate(`/w/${ctx.workspaceId}/customers`),
  },
  ...(can(ctx.role, "feedback.write")
    ? [
        {
          id: "feedback.capture",
          group: "Create",
          label: "Capture feedback",
          description: "Write down what a customer told you",
          icon: <IconMessagePlus size={18} />,
          keywords: ["feedback", "capture", "customer", "note", "request"],
          run: () => ctx.navigate(`/w/${ctx.workspaceId}/feedback?new=1`),
        },
      ]
    : []),
]);
