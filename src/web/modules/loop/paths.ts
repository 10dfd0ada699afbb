/** URLs of the close-the-loop and changelog pages (customers' own paths live above this module, in customers). */
export const loopPaths = {
  changelog: (wid: string, pid: string) => `/w/${wid}/products/${pid}/changelog`,
  publicChangelog: (wid: string, pid: string) => `/changelog/${wid}/${pid}`,
};

export const customersPathsForLoop = {
  person: (wid: string, id: string) => `/w/${wid}/customers/people/${id}`,
};
