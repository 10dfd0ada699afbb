/** An item's form values, and how they become the API's create and update bodies. */
import { useForm } from "@mantine/form";
import type { RoadmapItemStatus } from "../../../shared/enums.ts";
import type { RoadmapItem, RoadmapView, UpdateRoadmapItem } from "../../../shared/roadmap.schemas.ts";
import { periodContaining } from "../../../shared/roadmap.ts";

export interface ItemValues {
  title: string;
  status: RoadmapItemStatus;
  theme: string;
  /** A period key, or "" for unplanned. */
  period: string;
  targetDate: string;
  pinned: boolean;
  problem: string;
  outcome: string;
  description: string;
  successMetric: string;
  successTarget: string;
  valueOverride: number | string;
  efforts: { teamId: string | null; effort: number | string }[];
  objectiveIds: string[];
  keyResultIds: string[];
  dependsOn: string[];
  reason: string;
}

export function emptyItemValues(): ItemValues {
  return {
    title: "",
    status: "candidate",
    theme: "",
    period: "",
    targetDate: "",
    pinned: false,
    problem: "",
    outcome: "",
    description: "",
    successMetric: "",
    successTarget: "",
    valueOverride: "",
    efforts: [],
    objectiveIds: [],
    keyResultIds: [],
    dependsOn: [],
    reason: "",
  };
}

export function itemValuesFrom(item: RoadmapItem, frame: RoadmapView["roadmap"]): ItemValues {
  return {
    title: item.title,
    status: item.status,
    theme: item.theme,
    period: item.period ? periodContaining(frame, item.period).key : "",
    targetDate: item.targetDate ?? "",
    pinned: item.pinned,
    problem: item.problem,
    outcome: item.outcome,
    description: item.description,
    successMetric: item.successMetric,
    successTarget: item.successTarget,
    valueOverride: item.valueOverride ?? "",
    efforts: item.efforts.map((e) => ({ teamId: e.teamId, effort: e.effort })),
    objectiveIds: item.objectiveIds,
    keyResultIds: item.keyResultIds,
    dependsOn: item.dependsOn,
    reason: "",
  };
}

/** The fields as the API takes them (create and update share them). */
export function itemFieldsFrom(v: ItemValues) {
  return {
    title: v.title.trim(),
    status: v.status,
    theme: v.theme.trim(),
    period: v.period || null,
    targetDate: v.targetDate || null,
    pinned: v.pinned,
    problem: v.problem.trim(),
    outcome: v.outcome.trim(),
    description: v.description,
    successMetric: v.successMetric.trim(),
    successTarget: v.successTarget.trim(),
    valueOverride: v.valueOverride === "" ? null : Number(v.valueOverride),
    efforts: v.efforts
      .filter((e) => e.teamId)
      .map((e) => ({ teamId: e.teamId!, effort: Number(e.effort) || 0 })),
    objectiveIds: v.objectiveIds,
    keyResultIds: v.keyResultIds,
    dependsOn: v.dependsOn,
  };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Only the fields that changed, so the change record (and version comparisons) say exactly what moved. */
export function itemPatchFrom(
  v: ItemValues,
  item: RoadmapItem,
  frame: RoadmapView["roadmap"],
): Omit<UpdateRoadmapItem, "version" | "reason"> {
  const next = itemFieldsFrom(v);
  const before = itemFieldsFrom(itemValuesFrom(item, frame));
  const patch: Record<string, unknown> = {};
  for (const k of Object.keys(next) as (keyof typeof next)[]) {
    if (!same(next[k], before[k])) patch[k] = next[k];
  }
  return patch;
}

export function useItemForm() {
  return useForm<ItemValues>({
    initialValues: emptyItemValues(),
    validate: {
      title: (t) => (t.trim() ? null : "Give it a title"),
      efforts: {
        teamId: (t) => (t ? null : "Choose a team"),
        effort: (e) => (e === "" || Number(e) < 0 ? "Give an effort of 0 or more" : null),
      },
    },
  });
}

export type ItemForm = ReturnType<typeof useItemForm>;
