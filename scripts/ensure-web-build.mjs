#!/usr/bin/env node
// `npm start` runs this first: builds the web app when it was never built or its sources changed since.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const built = path.join(root, "dist/web/index.html");

function newest(dir) {
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

const sources = ["src/web", "src/shared"].map((d) => path.join(root, d)).filter(existsSync);
const stale = !existsSync(built) || sources.some((d) => newest(d) > statSync(built).mtimeMs);
if (stale) {
  // Quiet by default: one line, and Vite's ~40 lines of chunk sizes only when the build fails.
  process.stdout.write("Building the web app (first start or changed sources)… ");
  const started = Date.now();
  const r = spawnSync("npm", ["run", "-s", "build:web"], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) {
    console.log("failed:");
    process.stdout.write(r.stdout ?? "");
    process.stderr.write(r.stderr ?? "");
    process.exit(r.status ?? 1);
  }
  console.log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
