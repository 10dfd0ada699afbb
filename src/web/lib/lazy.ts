import { type ComponentType, createElement, lazy, useState } from "react";

export type LazyPage<P = any> = ComponentType<P> & { preload: () => Promise<unknown> };

/**
 * React.lazy for a named export, with `preload()`. A component whose chunk is already loaded renders
 * directly: no Suspense fallback, and none of React 19's throttled reveal (about 300 ms) after it.
 */
export function lazyNamed<M extends Record<string, unknown>, K extends keyof M>(
  loader: () => Promise<M>,
  name: K,
): LazyPage {
  let loaded: ComponentType<any> | null = null;
  let promise: Promise<{ default: ComponentType<any> }> | null = null;
  const load = () => {
    promise ??= loader().then((m) => {
      loaded = m[name] as ComponentType<any>;
      return { default: loaded };
    });
    return promise;
  };
  const Lazy = lazy(load);
  // biome-ignore lint/correctness/noComponentHookFactories: called once per page, at module level
  function LazyPageComponent(props: any) {
    // Decided once per mount, so a component never switches type (and loses its state).
    const [Direct] = useState(() => loaded);
    return Direct ? createElement(Direct, props) : createElement(Lazy, props);
  }
  return Object.assign(LazyPageComponent, { preload: load });
}
