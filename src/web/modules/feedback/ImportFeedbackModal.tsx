import { useQueryClient } from "@tanstack/react-query";
import type { FeedbackImportField, FeedbackImportResult } from "../../../shared/imports.schemas.ts";
import { wsKey } from "../../api/hooks.ts";
import { CsvImportModal } from "../../components/CsvImportModal.tsx";
import { notifySuccess } from "../../components/feedback.tsx";
import { pluralize } from "../../lib/format.ts";
import { useWorkspace } from "../../lib/workspace.ts";

const FIELDS: { key: FeedbackImportField; label: string }[] = [
  { key: "text", label: "Feedback text" },
  { key: "title", label: "Title" },
  { key: "externalId", label: "Id (for re-imports)" },
  { key: "receivedAt", label: "Received (date)" },
  { key: "email", label: "Author's e-mail" },
  { key: "authorName", label: "Author's name" },
  { key: "handle", label: "Handle (no e-mail)" },
  { key: "company", label: "Company (name or domain)" },
  { key: "url", label: "Original link" },
  { key: "tags", label: "Tags" },
];

/** Import feedback items from CSV (the inbox). */
export function ImportFeedbackModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { workspaceId: wid } = useWorkspace();
  const qc = useQueryClient();
  return (
    <CsvImportModal<FeedbackImportResult>
      opened={opened}
      onClose={onClose}
      title="Import feedback"
      intro="A CSV file with a header row, one item per row. Authors are matched to customers by e-mail (unknown e-mails become new customers); language and sentiment are detected. Rows already imported (same id, or the same content) are skipped, so importing a file again is safe."
      path={`/workspaces/${wid}/feedback/import`}
      fields={FIELDS}
      required={{ key: "text", message: "Choose the column that holds the feedback" }}
      preview={(r) =>
        `All ${pluralize(r.rows, "row")} are valid: ${pluralize(r.created, "new item")}, ${r.existing} already imported${r.peopleCreated ? `, ${pluralize(r.peopleCreated, "new customer")}` : ""}.`
      }
      importLabel={(r) => `Import ${pluralize(r.created, "item")}`}
      onImported={(r) => {
        void qc.invalidateQueries({ queryKey: wsKey(wid, "feedback") });
        void qc.invalidateQueries({ queryKey: wsKey(wid, "customers") });
        notifySuccess(
          `${pluralize(r.created, "item")} imported, ${r.existing} already there.`,
          "Feedback imported",
        );
      }}
    />
  );
}
