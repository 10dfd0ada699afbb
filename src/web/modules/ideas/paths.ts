/** URLs of the ideas and scoring pages (they carry the workspace id, like lib/paths.ts). */
export const ideaPaths = {
  index: (wid: string) => `/w/${wid}/ideas`,
  backlog: (wid: string, pid: string) => `/w/${wid}/products/${pid}/ideas`,
  idea: (wid: string, id: string) => `/w/${wid}/ideas/${id}`,
  factors: (wid: string, productId?: string | null) =>
    `/w/${wid}/settings/scoring${productId ? `?product=${encodeURIComponent(productId)}` : ""}`,
};

const LAST_PRODUCT = "baton-ideas-product:";
export function rememberProduct(wid: string, pid: string) {
  try {
    localStorage.setItem(LAST_PRODUCT + wid, pid);
  } catch {
    // private mode
  }
}
export function lastProduct(wid: string): string | null {
  try {
    return localStorage.getItem(LAST_PRODUCT + wid);
  } catch {
    return null;
  }
}
