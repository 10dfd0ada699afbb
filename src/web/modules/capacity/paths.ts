/** In-app URLs of the capacity page and the roadmaps it links to (kept apart so the command palette stays small). */
export const capacityPaths = {
  capacity: (wid: string) => `/w/${wid}/capacity`,
  roadmaps: (wid: string) => `/w/${wid}/roadmap`,
};
