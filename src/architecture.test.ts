// The module map (issue 12): no import cycles between modules, the layers point one way, and
// docs/ARCHITECTURE.md names every module. Imports are read with a few regular expressions (no parser
// package): static `import … from`, `export … from`, side-effect `import "…"` and `import("…")`, relative
// paths only. Type-only imports count too: they vanish at run time, but a cycle of types still ties two
// modules into one that can be neither read nor moved alone.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const AREAS = ["src/server", "src/web", "src/shared", "src/cli"];
const SOURCE = /\.(ts|tsx|mjs)$/;

type Edge = { from: string; to: string; file: string; spec: string; typeOnly: boolean };

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const path = `${dir}/${e.name}`;
    if (e.isDirectory()) return e.name === "migrations" ? [] : sourceFiles(path);
    return SOURCE.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [path] : [];
  });
}

/** The node a file belongs to: a module (server/<m>, web/<m>) or a layer (server/lib, web/api, shared, cli, …). */
function nodeOf(file: string): string {
  const p = file.split("/"); // src/<area>/…
  if (p[2] === "modules" && p.length > 4) return `${p[1]}/${p[3]}`;
  if (p[1] === "shared" || p[1] === "cli") return p[1];
  const part = p.length > 3 ? p[2] : p[2].replace(SOURCE, "");
  return `${p[1]}:${p[2] === "modules" ? `modules/${p[3].replace(SOURCE, "")}` : part}`;
}

const IMPORT =
  /(?:^|[;\n}])\s*(import|export)\s+(type\s+)?(?:[\w*{}\s,$]*?\bfrom\s*)?["'](\.[^"']+)["']|\bimport\s*\(\s*["'](\.[^"']+)["']\s*\)/g;

/** Every relative import between source files, with whether it is type-only. */
function importEdges(): Edge[] {
  const edges: Edge[] = [];
  for (const area of AREAS) {
    for (const file of sourceFiles(area)) {
      const text = readFileSync(join(ROOT, file), "utf8").replace(/\/\*[\s\S]*?\*\/|^\s*\/\/.*$/gm, "");
      for (const m of text.matchAll(IMPORT)) {
        const spec = m[3] ?? m[4];
        const target = relative(ROOT, resolve(ROOT, dirname(file), spec))
          .split("\\")
          .join("/");
        if (!target.startsWith("src/") || !SOURCE.test(target)) continue; // CSS, package.json, …
        // `import("…")` inside a type position (`import("../x.ts").T`) is a type too.
        const typeOnly = Boolean(m[2]) || (m[4] !== undefined && text[m.index + m[0].length] === ".");
        edges.push({ from: nodeOf(file), to: nodeOf(target), file, spec, typeOnly });
      }
    }
  }
  return edges;
}

/** Strongly connected components of more than one node (Tarjan), each sorted, largest first. */
function cycles(edges: Edge[]): string[][] {
  const next = new Map<string, Set<string>>();
  for (const e of edges) {
    if (e.from === e.to) continue;
    if (!next.has(e.from)) next.set(e.from, new Set());
    if (!next.has(e.to)) next.set(e.to, new Set());
    next.get(e.from)?.add(e.to);
  }
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop() as string;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) out.push(scc.sort());
    }
  };
  for (const v of [...next.keys()].sort()) if (!index.has(v)) visit(v);
  return out.sort((a, b) => b.length - a.length);
}

/** One line per arrow inside each cycle, with one import that makes it. */
function describeCycles(edges: Edge[], sccs: string[][]): string[] {
  return sccs.map((scc) => {
    const inside = new Set(scc);
    const arrows = new Map<string, Edge>();
    for (const e of edges) {
      const key = `${e.from} → ${e.to}`;
      if (e.from !== e.to && inside.has(e.from) && inside.has(e.to) && !arrows.has(key)) arrows.set(key, e);
    }
    const lines = [...arrows]
      .sort()
      .map(([k, e]) => `  ${k}: ${e.file} imports ${e.typeOnly ? "type " : ""}"${e.spec}"`);
    return `cycle {${scc.join(", ")}}:\n${lines.join("\n")}`;
  });
}

/**
 * Cycles known and owned elsewhere, each exactly as found: the test fails when one grows, shrinks or goes
 * (then delete its line). None today.
 */
const KNOWN_CYCLES: string[] = [];

const edges = importEdges();
const offending = (ok: (e: Edge) => boolean) =>
  edges.filter((e) => !ok(e)).map((e) => `${e.file} imports "${e.spec}" (${e.from} → ${e.to})`);

describe("module map", () => {
  it("reads the imports it should (sanity: the parser finds known edges)", () => {
    const has = (from: string, to: string) => edges.some((e) => e.from === from && e.to === to);
    expect(edges.length).toBeGreaterThan(1500);
    expect(has("server:build", "server/ideas")).toBe(true); // build.ts registers the modules' routes
    expect(edges.some((e) => e.from === "web/shell" && e.spec === "../auth/SetupPage.tsx")).toBe(true); // import("…")
    expect(edges.some((e) => e.file === "src/web/api/types.ts" && e.typeOnly)).toBe(true); // import("…").Role
    expect(edges.some((e) => e.spec === "../../app.ts" && e.typeOnly)).toBe(true); // import type … from
  });

  it("has no import cycles between modules or layers (type imports included)", () => {
    const found = cycles(edges);
    const isKnown = (c: string[]) => KNOWN_CYCLES.includes(c.join(", "));
    expect(
      describeCycles(
        edges,
        found.filter((c) => !isKnown(c)),
      ),
    ).toEqual([]);
    expect(found.filter(isKnown).map((c) => c.join(", "))).toEqual(KNOWN_CYCLES);
  });

  it("shared imports nothing from server, web or cli", () => {
    expect(offending((e) => e.from !== "shared" || e.to === "shared")).toEqual([]);
  });

  it("web imports only web and shared; server imports neither web nor cli", () => {
    expect(offending((e) => !e.from.startsWith("web") || /^(web|shared)/.test(e.to))).toEqual([]);
    expect(offending((e) => !e.from.startsWith("server") || /^(server|shared)/.test(e.to))).toEqual([]);
  });

  it("the layers under the modules import none: server db, lib, plugins, app.ts (types); web api, lib, components", () => {
    const under = /^(server:(lib|db|plugins|app|errors|context|config|version)|web:(api|lib|components))$/;
    expect(offending((e) => !under.test(e.from) || !/^(server|web)\//.test(e.to))).toEqual([]);
  });

  it("docs/ARCHITECTURE.md names every module directory in its tree (server's and web's lists)", () => {
    const doc = readFileSync(join(ROOT, "docs/ARCHITECTURE.md"), "utf8");
    const part = (from: string, to: string) => doc.slice(doc.indexOf(`\n${from}`), doc.indexOf(`\n${to}`));
    const lists = {
      "src/server/modules": part("src/server/", "src/web/"),
      "src/web/modules": part("src/web/", "src/cli/"),
    };
    const missing = Object.entries(lists).flatMap(([dir, text]) =>
      readdirSync(join(ROOT, dir), { withFileTypes: true })
        .filter((d) => d.isDirectory() && !new RegExp(`^ {4}${d.name} `, "m").test(text))
        .map((d) => `${dir}/${d.name}`),
    );
    expect(missing).toEqual([]);
  });
});
