import { useMemo, useState } from "react";
import type { FactorDef } from "../../../shared/ideas.schemas.ts";
import { allColumns } from "./columns.tsx";

const COLUMNS_KEY = "baton-idea-columns:";
export function loadColumns(pid: string): string[] | null {
  try {
    const raw = localStorage.getItem(COLUMNS_KEY + pid);
    return raw ? (JSON.parse(raw) as string[]) : null;
  } catch {
    return null;
  }
}
export function saveColumns(pid: string, keys: string[] | null) {
  try {
    if (keys) localStorage.setItem(COLUMNS_KEY + pid, JSON.stringify(keys));
    else localStorage.removeItem(COLUMNS_KEY + pid);
  } catch {
    // private mode
  }
}

/** The columns chosen for a product's backlog (null: the defaults), remembered in this browser. */
export function useColumnChoice(pid: string) {
  const [columnKeys, setColumnKeys] = useState<string[] | null>(() => loadColumns(pid));
  const changeColumns = (keys: string[] | null) => {
    setColumnKeys(keys);
    saveColumns(pid, keys);
  };
  return [columnKeys, changeColumns] as const;
}

/** The backlog's columns (the factors' among them; ARR only with customers.revenue) and the ones shown. */
export function useBacklogColumns(pid: string, factors: FactorDef[] | undefined, revenue: boolean) {
  const [columnKeys, changeColumns] = useColumnChoice(pid);
  const columns = useMemo(() => allColumns(factors ?? [], revenue), [factors, revenue]);
  const visibleKeys = useMemo(
    () => new Set(columnKeys ?? columns.filter((c) => c.defaultOn).map((c) => c.key)),
    [columnKeys, columns],
  );
  const visible = columns.filter((c) => c.fixed || visibleKeys.has(c.key));
  return { columns, visible, changeColumns };
}
