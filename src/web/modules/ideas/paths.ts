// The ideas pages' URLs live in lib/paths.ts (other modules link to them); re-exported for this module.
export { ideaPaths } from "../../lib/paths.ts";

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
