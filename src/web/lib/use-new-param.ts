import { useEffect, useRef } from "react";
import { useLocation, useSearch } from "wouter";

/**
 * Opens a "create" dialog when the URL says `?new=1` (how the command palette and the home page's
 * shortcuts ask for one), then drops the parameter so a reload does not open it again.
 */
export function useNewParam(basePath: string, open: () => void) {
  const search = useSearch();
  const [, navigate] = useLocation();
  const openRef = useRef(open);
  openRef.current = open;
  useEffect(() => {
    if (new URLSearchParams(search).get("new") === "1") {
      openRef.current();
      navigate(basePath, { replace: true });
    }
  }, [search, basePath, navigate]);
}
