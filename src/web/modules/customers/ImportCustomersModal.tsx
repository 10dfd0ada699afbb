import { useQueryClient } from "@tanstack/react-query";
import type { CustomerImportField, CustomerImportResult } from "../../../shared/imports.schemas.ts";
import { wsKey } from "../../api/hooks.ts";
import { CsvImportModal } from "../../components/CsvImportModal.tsx";
import { notifySuccess } from "../../components/feedback.tsx";
import { pluralize } from "../../lib/format.ts";
import { useWorkspace } from "../../lib/workspace.ts";

const LABELS: Record<CustomerImportField, string> = {
  name: "Person's name",
  email: "E-mail",
  externalId: "External id (CRM)",
  companyName: "Company",
  companyDomain: "Company domain",
  segment: "Segment",
  plan: "Plan",
  arr: "ARR",
  mrr: "MRR",
  currency: "Currency",
};
const REVENUE = new Set<CustomerImportField>(["arr", "mrr", "currency"]);

const counts = (r: CustomerImportResult) =>
  `${pluralize(r.companies.created, "new company", "new companies")}, ${r.companies.updated} updated; ${pluralize(r.people.created, "new person", "new people")}, ${r.people.updated} updated`;

/** Import companies and people from CSV (customers page). */
export function ImportCustomersModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { workspaceId: wid, can } = useWorkspace();
  const qc = useQueryClient();
  const revenue = can("customers.revenue");
  const fields = (Object.keys(LABELS) as CustomerImportField[])
    .filter((k) => revenue || !REVENUE.has(k))
    .map((key) => ({ key, label: LABELS[key] }));
  return (
    <CsvImportModal<CustomerImportResult>
      opened={opened}
      onClose={onClose}
      title="Import customers"
      intro="A CSV file with a header row: one person, company, or person with their company per row. People are matched by external id, else e-mail; companies by domain, else name. Matches are updated, the rest added. Nothing changes until you confirm."
      path={`/workspaces/${wid}/customers/import`}
      fields={fields}
      preview={(r) => `All ${pluralize(r.rows, "row")} are valid: ${counts(r)}.`}
      importLabel={() => "Import customers"}
      onImported={(r) => {
        void qc.invalidateQueries({ queryKey: wsKey(wid, "customers") });
        void qc.invalidateQueries({ queryKey: wsKey(wid, "companies") });
        notifySuccess(`${counts(r)}.`, "Customers imported");
      }}
    />
  );
}
