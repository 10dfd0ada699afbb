/** URLs of the roadmap pages (they carry the workspace id, like lib/paths.ts). */
export const ROADMAP_VIEWS = ["timeline", "board", "table", "capacity", "versions"] as const;
export type RoadmapViewName = (typeof ROADMAP_VIEWS)[number];

export const roadmapPaths = {
  index: (wid: string) => `/w/${wid}/roadmap`,
  portfolio: (wid: string) => `/w/${wid}/roadmap?tab=portfolio`,
  roadmap: (wid: string, id: string, view: RoadmapViewName = "timeline") =>
    view === "timeline" ? `/w/${wid}/roadmaps/${id}` : `/w/${wid}/roadmaps/${id}/${view}`,
  print: (wid: string, id: string) => `/w/${wid}/roadmaps/${id}/print`,
  exportFile: (wid: string, id: string, format: "csv" | "json" | "ics") =>
    `/api/v1/workspaces/${wid}/roadmaps/${id}/export?format=${format}`,
};

export function isRoadmapView(v: string | undefined): v is RoadmapViewName {
  return Boolean(v) && (ROADMAP_VIEWS as readonly string[]).includes(v!);
}
