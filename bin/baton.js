#!/usr/bin/env node
// Baton's CLI entry: runs the TypeScript sources, with no build step to remember.
//
// Start-up: the first run after a change bundles src/cli/main.ts with esbuild (the one tsx brings) into plain
// JavaScript under node_modules/.cache/baton-cli/, its packages left as imports; every later run loads that
// bundle directly, with no loader hooks. That is about a second less CPU per command than tsx's loader (which
// resolves and loads each of some 300 modules through a hook thread). The cache is checked by the size and time
// of every source file in the bundle, so an edited source is rebuilt on the next run. Modules imported lazily
// stay lazy (in chunks of their own). Each source keeps its own import.meta.url and dirname, so
// paths next to it (migrations, package.json, the planner's worker, dist/web) are found as before.
//
// Whenever the cache cannot be used (no esbuild, a read-only node_modules, BATON_CLI_TSX=1), tsx's loader runs
// the sources as it always did. BATON_DEBUG=1 maps stack traces back to the TypeScript sources.
import { createHash } from "node:crypto";
import {
  existsSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const entry = path.join(root, "src/cli/main.ts");
const cacheDir = path.join(root, "node_modules/.cache/baton-cli");
// Changing the bundle's options below: bump this, so older bundles are not reused.
const FORMAT = 1;

/** The stamp of a source file: its size and modification time (nanoseconds), or null when it is gone. */
function stamp(file) {
  try {
    const s = statSync(file, { bigint: true });
    return `${s.size}:${s.mtimeNs}`;
  } catch {
    return null;
  }
}

/** This checkout's manifest: the bundle built from which sources (a node_modules may serve several checkouts). */
const current = path.join(
  cacheDir,
  `current-${createHash("sha256").update(root).digest("hex").slice(0, 12)}.json`,
);
const writeManifest = (manifest) => {
  writeFileSync(
    `${current}.${process.pid}`,
    JSON.stringify({ format: FORMAT, node: process.version, root, ...manifest }),
  );
  renameSync(`${current}.${process.pid}`, current);
};

/**
 * What the cache says for the sources as they are now: { bundle } to load, { failed: true } when they did not
 * bundle (a source being edited: tsx runs them, and reports the error if the command meets it), null when
 * they changed since.
 */
function cached() {
  try {
    const manifest = JSON.parse(readFileSync(current, "utf8"));
    if (manifest.format !== FORMAT || manifest.node !== process.version || manifest.root !== root)
      return null;
    for (const [file, s] of Object.entries(manifest.inputs))
      if (stamp(path.join(root, file)) !== s) return null;
    // A file that an import names may be missing yet: tried again after a minute all the same.
    if (manifest.failed) return Date.now() - manifest.at < 60_000 ? { failed: true } : null;
    const bundle = path.join(cacheDir, manifest.bundle);
    if (!existsSync(bundle)) return null;
    // Marked as used: a bundle is removed only once unused for ten minutes (see build).
    try {
      utimesSync(path.dirname(bundle), new Date(), new Date());
    } catch {} // a read-only cache still serves its bundle
    return { bundle };
  } catch {
    return null;
  }
}

/** Bundles the sources into a new directory of the cache and returns its entry. */
async function build(inputs) {
  // esbuild as tsx resolves it: the version tsx itself uses.
  const requireFromTsx = createRequire(createRequire(import.meta.url).resolve("tsx/package.json"));
  const esbuild = await import(pathToFileURL(requireFromTsx.resolve("esbuild")).href);
  const meta = (file) => ({
    "import.meta.url": JSON.stringify(pathToFileURL(file).href),
    "import.meta.dirname": JSON.stringify(path.dirname(file)),
    "import.meta.filename": JSON.stringify(file),
  });
  // Written in a directory of its own, then renamed: a run beside this one sees a whole bundle or none.
  const tmp = path.join(cacheDir, `.tmp-${process.pid}-${Date.now()}`);
  await esbuild.build({
    entryPoints: { baton: entry },
    bundle: true,
    // Chunks keep lazily imported modules (and the packages they import) out of the commands that do not use
    // them. Every chunk a command needs is loaded as it starts (no module is imported later), so a bundle
    // unused for ten minutes can be removed under a Baton that still runs from it.
    splitting: true,
    platform: "node",
    format: "esm",
    target: `node${process.versions.node}`,
    packages: "external",
    sourcemap: "external",
    outdir: tmp,
    outExtension: { ".js": ".mjs" },
    logLevel: "silent",
    plugins: [
      {
        name: "baton-sources",
        setup(b) {
          b.onLoad({ filter: /\.[cm]?[jt]sx?$/ }, (args) => {
            // Stamped before reading: a file edited meanwhile is rebuilt next time rather than missed.
            inputs[path.relative(root, args.path)] = stamp(args.path);
            let contents = readFileSync(args.path, "utf8");
            for (const [from, to] of Object.entries(meta(args.path)))
              contents = contents.replaceAll(from, to);
            const ext = path.extname(args.path).slice(1);
            return { contents, loader: ext.replace(/^[cm]/, "") };
          });
        },
      },
    ],
  });
  const hash = createHash("sha256");
  for (const f of readdirSync(tmp).sort()) hash.update(f).update(readFileSync(path.join(tmp, f)));
  const name = `baton-${hash.digest("hex").slice(0, 16)}`;
  try {
    renameSync(tmp, path.join(cacheDir, name));
  } catch {
    rmSync(tmp, { recursive: true, force: true }); // the same bundle, written by a run beside this one
  }
  writeManifest({ bundle: `${name}/baton.mjs`, inputs });
  // Bundles of older sources (one per edit while developing) unused for ten minutes, and what a run that died
  // left half-written.
  for (const f of readdirSync(cacheDir)) {
    const dir = path.join(cacheDir, f);
    if ((f.startsWith("baton-") || f.startsWith(".tmp-")) && f !== name)
      try {
        if (Date.now() - statSync(dir).mtimeMs > 600_000) rmSync(dir, { recursive: true, force: true });
      } catch {} // removed meanwhile by a run beside this one: this run still loads its own bundle
  }
  return path.join(cacheDir, name, "baton.mjs");
}

let bundle = null;
if (!process.env.BATON_CLI_TSX) {
  const found = cached();
  bundle = found?.bundle ?? null;
  if (!found) {
    const inputs = {};
    try {
      bundle = await build(inputs);
    } catch (err) {
      if (process.env.BATON_DEBUG) console.error("baton: running through tsx, no bundle:", err);
      // Not tried again until one of the sources it read changes.
      if (err?.errors?.length && Object.keys(inputs).length)
        try {
          writeManifest({ failed: true, at: Date.now(), inputs });
        } catch {}
    }
  }
}
if (bundle) {
  if (process.env.BATON_DEBUG) process.setSourceMapsEnabled(true);
  await import(pathToFileURL(bundle).href);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await import("../src/cli/main.ts");
}
