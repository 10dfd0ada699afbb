import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { boundHeapGrowth, heapState, withRoomyHeap } from "./heap.ts";

const dir = mkdtempSync(path.join(os.tmpdir(), "baton-heap-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * A child process keeps ~60 MB alive and churns ~1.5 GB of objects that survive a few collections before they
 * die (as a busy server's query results do); it prints the largest heap it saw.
 */
function largestHeapMb(setting: string): { largest: number; live: number } {
  const script = path.join(dir, "churn.ts");
  const heap = fileURLToPath(new URL("./heap.ts", import.meta.url));
  writeFileSync(
    script,
    `import v8 from "node:v8";
import { boundHeapGrowth } from ${JSON.stringify(heap)};
boundHeapGrowth(${JSON.stringify(setting)});
const live = Array.from({ length: 60 }, (_, i) => Array.from({ length: 16_000 }, (_, j) => ({ i, j, s: "x" + j })));
let recent = [];
let max = 0;
for (let round = 0; round < 1500; round++) {
  recent.push(Array.from({ length: 8_000 }, (_, j) => ({ round, j, s: "y" + j })));
  if (recent.length > 40) recent = recent.slice(20);
  max = Math.max(max, v8.getHeapStatistics().total_heap_size);
}
globalThis.gc();
console.log(Math.round(max / 1048576), Math.round(v8.getHeapStatistics().used_heap_size / 1048576), live.length);
`,
  );
  const out = execFileSync(process.execPath, ["--expose-gc", "--import", "tsx", script], {
    cwd: fileURLToPath(new URL("../../..", import.meta.url)),
    encoding: "utf8",
  });
  const [largest, live] = out.trim().split(" ").map(Number);
  return { largest: largest!, live: live! };
}

describe("boundHeapGrowth", () => {
  it("reads the setting: default 20 %, 0 for V8's own choice, anything else refused", () => {
    // The flag only changes the next collections' limit; setting it in the test process is harmless.
    expect(boundHeapGrowth(undefined)).toBe("--heap-growing-percent=20");
    expect(boundHeapGrowth(" ")).toBe("--heap-growing-percent=20");
    expect(boundHeapGrowth("50")).toBe("--heap-growing-percent=50");
    expect(boundHeapGrowth("0")).toBeNull();
    for (const bad of ["abc", "-5", "12.5", "401"])
      expect(() => boundHeapGrowth(bad)).toThrow(/BATON_HEAP_GROWTH_PERCENT/);
  });

  it("lifts the bound while bulk work runs, parallel ones together, and puts it back after the last, failed or not", async () => {
    boundHeapGrowth("20");
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const a = withRoomyHeap(async () => {
      await gate;
      return "a";
    });
    const b = withRoomyHeap(async () => {
      throw new Error("b failed");
    });
    await expect(b).rejects.toThrow("b failed");
    expect(heapState()).toEqual({ bound: "--heap-growing-percent=20", roomy: 1 });
    release();
    expect(await a).toBe("a");
    expect(heapState()).toEqual({ bound: "--heap-growing-percent=20", roomy: 0 });
    // Small work (a batch of a few items) keeps the bound.
    expect(await withRoomyHeap(async () => heapState().roomy, 10)).toBe(0);
    expect(await withRoomyHeap(async () => heapState().roomy, 5_000)).toBe(1);
    // Unbounded: nothing to lift.
    boundHeapGrowth("0");
    expect(await withRoomyHeap(async () => heapState().roomy)).toBe(0);
  });

  it("keeps a churning heap near its live size (V8's default lets it grow to several times that)", () => {
    // A 1.2× growth past the live heap, plus the young generation (≤ 48 MB) and some slack; V8's
    // default on a machine with a few GB of memory goes far past it (printed for comparison, not asserted: a
    // machine with little memory has a small default factor too).
    const bounded = largestHeapMb("20");
    const free = largestHeapMb("0");
    console.log(
      `largest heap: ${bounded.largest} MB bounded (20 %), ${free.largest} MB with V8's default; live ${bounded.live} MB`,
    );
    expect(bounded.live).toBeGreaterThan(50);
    expect(bounded.largest).toBeLessThan(bounded.live * 1.2 + 80);
  }, 120_000);
});
