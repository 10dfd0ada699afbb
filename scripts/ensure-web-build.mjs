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
  console.log("Building the web app (first start or changed sources)…");
  const r = spawnSync("npm", ["run", "-s", "build:web"], { cwd: root, stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
