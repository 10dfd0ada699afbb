/** In-app URLs of objectives (kept apart so the command palette stays small). */
export const objectivePaths = {
  list: (wid: string) => `/w/${wid}/objectives`,
  coverage: (wid: string) => `/w/${wid}/objectives/coverage`,
  roadmaps: (wid: string) => `/w/${wid}/roadmap`,
  roadmap: (wid: string, id: string) => `/w/${wid}/roadmaps/${id}`,
};
