import { useState } from "react";
import { notifySuccess } from "../../components/feedback.tsx";
import { loadViews, type SavedView, storeViews } from "./Filters.tsx";
import type { InboxFilters } from "./hooks.ts";
import { builtInViews } from "./inbox.logic.ts";

/** The triager's saved views (in this browser's storage) and the built-in ones; saving keeps the current filters. */
export function useSavedViews(wid: string, userId: string, filters: InboxFilters) {
  const [views, setViews] = useState<SavedView[]>(() => loadViews(wid, userId));
  const keep = (next: SavedView[]) => {
    setViews(next);
    storeViews(wid, userId, next);
  };
  const saveView = (name: string) => {
    keep([...views.filter((v) => v.name !== name), { name, filters }]);
    notifySuccess(`"${name}" is in Views.`, "View saved");
  };
  const deleteView = (name: string) => keep(views.filter((v) => v.name !== name));
  return { views, builtIn: builtInViews(userId), saveView, deleteView };
}
