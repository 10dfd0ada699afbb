import { existsSync, readFileSync } from "node:fs";
import semver from "semver";
import { describe, expect, it } from "vitest";

// The README promises Node >= 20.19 and we run on 22 and 24 too: every installed package must say it
// supports them, or `npm install` prints EBADENGINE warnings and the promise is untested.
const root = new URL("../../", import.meta.url);
const pkg = JSON.parse(readFileSync(new URL("package.json", root), "utf8"));
const lock = JSON.parse(readFileSync(new URL("package-lock.json", root), "utf8"));
// Current releases of the LTS lines after 20 (22.12 is refused by Vite's optional WASM fallback).
const promised = ["20.19.0", "20.20.2", "22.22.0", "24.11.0"];

describe("Node versions we promise", () => {
  it("package.json promises >= 20.19", () => {
    expect(semver.minVersion(pkg.engines.node)?.version).toBe("20.19.0");
  });

  it("every locked package accepts them", () => {
    const refusals: string[] = [];
    type Entry = { engines?: { node?: string }; version?: string; optional?: boolean };
    for (const [path, entry] of Object.entries<Entry>(lock.packages)) {
      const range = entry.engines?.node;
      if (!path || typeof range !== "string") continue;
      // npm skips optional packages for other platforms (and warns about nothing there).
      if (entry.optional && !existsSync(new URL(path, root))) continue;
      for (const v of promised)
        if (!semver.satisfies(v, range)) refusals.push(`${path}@${entry.version} wants ${range}, not ${v}`);
    }
    expect(refusals).toEqual([]);
  });
});
