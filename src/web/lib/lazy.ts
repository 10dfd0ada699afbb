import { type ComponentType, lazy } from "react";

/** React.lazy for a named export: `lazyNamed(() => import("./X.tsx"), "X")`. */
export function lazyNamed<M extends Record<string, unknown>, K extends keyof M>(
  loader: () => Promise<M>,
  name: K,
) {
  return lazy(async () => ({ default: (await loader())[name] as ComponentType<any> }));
}
