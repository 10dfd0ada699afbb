import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { ROOT, runAsync } from "../lib/proc.ts";

export const DIST = path.join(ROOT, "dist/web");
const SOURCES = [
  path.join(ROOT, "src/web"),
  path.join(ROOT, "src/shared"),
  path.join(ROOT, "vite.config.ts"),
];

function newestMtime(p: string): number {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const e of readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, e)));
  return newest;
}

export interface BuildState {
  ok: boolean;
  /** What happened: "up to date", "built in 12.3 s", or why there is no usable build. */
  detail: string;
}

/** Runs `npm run build:web` when dist/web is missing or older than its sources. */
export async function ensureWebBuild(log: (m: string) => void): Promise<BuildState> {
  const index = path.join(DIST, "index.html");
  const builtAt = existsSync(index) ? statSync(index).mtimeMs : 0;
  const srcAt = Math.max(...SOURCES.map(newestMtime));
  if (builtAt && builtAt >= srcAt) return { ok: true, detail: "dist/web up to date, not rebuilt" };
  if (!existsSync(path.join(ROOT, "src/web/index.html")))
    return { ok: false, detail: "no src/web/index.html" };
  log(`web: ${builtAt ? "dist/web is older than src/web" : "dist/web missing"}, running npm run build:web`);
  const t0 = performance.now();
  const res = await runAsync("npm", ["run", "-s", "build:web"], 300_000, { ...process.env, NO_COLOR: "1" });
  const secs = ((performance.now() - t0) / 1000).toFixed(1);
  if (res.code !== 0) {
    return {
      ok: false,
      detail: `npm run build:web failed (${res.code ?? res.signal}) after ${secs} s: ${res.tail}`,
    };
  }
  if (!existsSync(index)) return { ok: false, detail: "build finished but dist/web/index.html is missing" };
  return { ok: true, detail: `built by the bench (npm run build:web, ${secs} s)` };
}

interface Asset {
  file: string;
  bytes: number;
  gz: number;
  br: number;
}

export interface BundleReport {
  initialJs: Asset[];
  /** Files the static-import scan found that index.html does not preload (they still load before the app runs). */
  unlistedStatic: string[];
  initialCss: Asset[];
  allCss: Asset[];
  lazyJs: Asset[];
}

// Level 9, as scripts/compress-web.mjs writes the .gz files Baton serves; brotli 11 likewise for .br.
export const GZIP_LEVEL = 9;
const gz = (buf: Buffer) => gzipSync(buf, { level: GZIP_LEVEL }).length;
const br = (buf: Buffer) =>
  brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

function asset(file: string, withBrotli = false): Asset {
  const buf = readFileSync(path.join(DIST, file));
  return { file, bytes: buf.length, gz: gz(buf), br: withBrotli ? br(buf) : 0 };
}

function tags(html: string, name: string) {
  const out: Record<string, string>[] = [];
  for (const m of html.matchAll(new RegExp(`<${name}\\b([^>]*)>`, "gi"))) {
    const attrs: Record<string, string> = {};
    for (const a of m[1].matchAll(/([\w:-]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+))?/g)) {
      attrs[a[1].toLowerCase()] = (a[2] ?? "").replace(/^["']|["']$/g, "");
    }
    out.push(attrs);
  }
  return out;
}

/** A same-origin URL from index.html to a path relative to dist/web (null for external URLs). */
function local(url: string): string | null {
  if (/^[a-z]+:/i.test(url) || url.startsWith("//")) return null;
  return path.posix.normalize(url.replace(/^\.?\//, "").split(/[?#]/)[0]);
}

// Static `import … from "./x.js"`, `import "./x.js"` and `export … from "./x.js"` in minified output;
// dynamic `import("./x.js")` has a parenthesis and is not matched.
const STATIC_IMPORT =
  /(?:^|[^\w$.])(?:import|export)\s*(?:[\w$*{}\s,]*?\s*from\s*)?["']([^"'()\s]+\.js)["']/g;

function staticClosure(entries: string[]): Set<string> {
  const seen = new Set<string>();
  const queue = [...entries];
  while (queue.length) {
    const file = queue.pop()!;
    if (seen.has(file) || !existsSync(path.join(DIST, file))) continue;
    seen.add(file);
    const code = readFileSync(path.join(DIST, file), "utf8");
    for (const m of code.matchAll(STATIC_IMPORT)) {
      const spec = m[1];
      if (!spec.startsWith(".") && !spec.startsWith("/")) continue;
      const target = spec.startsWith("/") ? local(spec)! : path.posix.join(path.posix.dirname(file), spec);
      queue.push(path.posix.normalize(target));
    }
  }
  return seen;
}

function walk(dir: string, base = ""): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(path.join(dir, e.name), `${base}${e.name}/`) : [`${base}${e.name}`],
  );
}

/** Initial JS = the entry module script + its modulepreload links (+ anything else it imports statically), gzipped. */
export function analyzeBundle(): BundleReport {
  const html = readFileSync(path.join(DIST, "index.html"), "utf8");
  const scripts = tags(html, "script")
    .filter((a) => a.type === "module" && a.src)
    .map((a) => local(a.src))
    .filter((x): x is string => !!x);
  if (!scripts.length) throw new Error("dist/web/index.html has no <script type=module src=…>");
  const links = tags(html, "link");
  const preloads = links
    .filter((a) => a.rel === "modulepreload" && a.href)
    .map((a) => local(a.href))
    .filter((x): x is string => !!x);
  const css = links
    .filter((a) => a.rel === "stylesheet" && a.href)
    .map((a) => local(a.href))
    .filter((x): x is string => !!x);
  const listed = new Set([...scripts, ...preloads]);
  const closure = staticClosure([...listed]);
  const initial = new Set([...listed, ...closure]);
  const files = walk(DIST);
  const exists = (f: string) => existsSync(path.join(DIST, f));
  return {
    initialJs: [...initial].filter(exists).map((f) => asset(f, true)),
    unlistedStatic: [...closure].filter((f) => !listed.has(f)),
    initialCss: css.filter(exists).map((f) => asset(f)),
    allCss: files.filter((f) => f.endsWith(".css")).map((f) => asset(f)),
    lazyJs: files.filter((f) => f.endsWith(".js") && !initial.has(f)).map((f) => asset(f)),
  };
}

export const kB = (n: number) => `${(n / 1000).toFixed(1)} kB`;
export const sumGz = (xs: Asset[]) => xs.reduce((s, x) => s + x.gz, 0);
