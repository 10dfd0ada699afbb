// roadmap:web — the timeline of the 1,000-item roadmap in Chromium (Playwright's library API, the built web
// app served by Baton): time from navigation start until every card the timeline renders is on screen, the
// rest of the cards rendered by scrolling through, and a drag of a card to the next period and back with frame
// times sampled by requestAnimationFrame.
//
// What the page must expose (src/web/modules/roadmaps/): item cards carry data-item-id (or
// data-testid="roadmap-card"); the period a card sits in is read from data-period="YYYY-MM-01" on an ancestor
// (the cell, preferred) or, failing that, from the drop zone's aria-label ("<lane>, <period label>"); drop
// targets are found the same way (data-testid="roadmap-period" or data-period, else the aria-label).
import { existsSync } from "node:fs";
import { type Browser, chromium, type Page } from "@playwright/test";
import type { BuildState } from "../foundation/web-bundle.ts";
import type { RunningBaton } from "../lib/baton.ts";
import { registerSyncCleanup, sleep } from "../lib/proc.ts";
import { loadAvg } from "../lib/report.ts";
import { type Client, call, percentile } from "./measure.ts";
import type { SeedResult } from "./types.ts";

export const CHROMIUM = "/usr/bin/chromium";
const ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];
export const CARD = '[data-testid="roadmap-card"], [data-item-id]';
export const VIEWPORT = { width: 1440, height: 900 };
export const WARM_LOADS = 3;
/** "Drags without visible lag": p95 frame time at most this, and no frame longer than LAG_MAX_FRAME_MS. */
export const LAG_P95_MS = 32;
export const LAG_MAX_FRAME_MS = 100;
export const LONG_FRAME_MS = 50;
const FIRST_CARD_TIMEOUT_MS = 20_000;
/** The card count must not change for this long to call the render complete. */
const STABLE_MS = 1500;

export interface LoadSample {
  /** ms from navigation start to the first frame after the final number of cards was in the DOM. */
  renderedMs: number;
  cards: number;
  /** ms from navigation start until the roadmap view's API response had arrived (resource timing). */
  apiEndMs: number | null;
  domContentLoadedMs: number | null;
}

export interface FrameStats {
  frames: number[];
  p95: number;
  max: number;
  long: number;
}

export interface ScrollSample extends FrameStats {
  /** Cards in the DOM before and after scrolling to the end of the timeline. */
  before: number;
  after: number;
  /** ms from the first wheel event to the first frame after the final card count. */
  allMs: number;
  scrolledPx: number;
}

export interface DragSample extends FrameStats {
  /** Frames over LONG_FRAME_MS and when they ended: "117 ms at pointer down + 30 ms", "… at drop + 20 ms". */
  longAt: string[];
  from: string;
  to: string;
  /** ms from pointer up until the card showed in the new period (first animation frame). */
  shownMs: number | null;
  /** ms from pointer up until the PATCH of the item had answered (resource timing), if one was seen. */
  savedMs: number | null;
  /** The item's period read back through the API afterwards. */
  persisted: string | null;
  dragMs: number;
}

export interface WebFigures {
  build: string;
  skip: string | null;
  cold: LoadSample | null;
  warm: LoadSample[];
  items: number;
  scroll: ScrollSample | null;
  scrollError: string | null;
  drags: DragSample[];
  dragError: string | null;
  problems: string[];
  loadBefore: Record<string, string>;
}

/**
 * Installed before the page's scripts: counts the cards in every animation frame (from document start) and
 * notes, for each new count, the timestamp of the next frame (when the frame holding those cards had been
 * produced); and finds a card's period and a period's drop zones.
 */
export function recorder(labels: Record<string, string>) {
  return `(() => {
  const CARD = ${JSON.stringify(CARD)};
  const LABELS = ${JSON.stringify(labels)};
  const log = [];
  window.__rmCards = log;
  window.__rmPeriodOf = (el) => {
    const p = el && el.closest("[data-period]");
    if (p) return p.getAttribute("data-period");
    const g = el && el.closest('[role="group"][aria-label]');
    if (!g) return null;
    const label = g.getAttribute("aria-label");
    for (const [key, l] of Object.entries(LABELS)) if (label === l || label.endsWith(", " + l)) return key;
    return null;
  };
  window.__rmZones = (key) => {
    const pref = [...document.querySelectorAll('[data-testid="roadmap-period"][data-period="' + key + '"]')];
    if (pref.length) return pref;
    const byAttr = [...document.querySelectorAll('[data-period="' + key + '"]')].filter((e) => !e.closest(CARD));
    if (byAttr.length) return byAttr;
    const l = LABELS[key];
    return [...document.querySelectorAll('[role="group"][aria-label]')].filter((g) => {
      const a = g.getAttribute("aria-label");
      return a === l || a.endsWith(", " + l);
    });
  };
  let last = -1;
  let pending = null;
  const started = performance.now();
  const frame = (ts) => {
    if (pending) { pending.painted = ts; pending = null; }
    const n = document.querySelectorAll(CARD).length;
    if (n !== last) { last = n; pending = { n, t: ts, painted: null }; log.push(pending); }
    if (!window.__rmStop && performance.now() - started < 60000) requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
})();`;
}

type CardLog = { n: number; t: number; painted: number | null }[];

/** Waits until the card count is stable; returns the final count and when its frame had been produced. */
async function waitForCards(page: Page, firstTimeoutMs: number, sinceIndex = 0) {
  const t0 = performance.now();
  let lastChange = performance.now();
  let lastN = -1;
  for (;;) {
    const log = (await page.evaluate("window.__rmCards || []")) as CardLog;
    const n = log.at(-1)?.n ?? 0;
    if (n !== lastN) {
      lastN = n;
      lastChange = performance.now();
    }
    if (n > 0 && performance.now() - lastChange > STABLE_MS) break;
    if (n === 0 && performance.now() - t0 > firstTimeoutMs) return null;
    if (performance.now() - t0 > 45_000) break;
    await sleep(50);
  }
  const log = (await page.evaluate("window.__rmCards")) as CardLog;
  const final = log.at(-1)?.n ?? 0;
  const first = log.slice(sinceIndex).find((e) => e.n === final) ?? log.at(-1);
  return { cards: final, renderedMs: first ? (first.painted ?? first.t) : Number.NaN, logLength: log.length };
}

export async function loadOnce(page: Page, url: string, roadmapId: string, firstTimeoutMs: number) {
  await page.goto(url, { waitUntil: "commit", timeout: 30_000 });
  const r = await waitForCards(page, firstTimeoutMs);
  if (!r) return null;
  const timing = (await page.evaluate(`(() => {
    const nav = performance.getEntriesByType("navigation")[0];
    const api = performance.getEntriesByType("resource").filter((e) => /\\/roadmaps\\/${roadmapId}(\\?|$)/.test(e.name));
    return { dcl: nav ? nav.domContentLoadedEventEnd : null, api: api.length ? api[api.length - 1].responseEnd : null };
  })()`)) as { dcl: number | null; api: number | null };
  return {
    cards: r.cards,
    renderedMs: r.renderedMs,
    apiEndMs: timing.api,
    domContentLoadedMs: timing.dcl,
  } satisfies LoadSample;
}

function frameStats(ts: number[]): FrameStats {
  const frames = ts.slice(1).map((t, i) => t - ts[i]);
  return {
    frames,
    p95: percentile(frames, 95),
    max: frames.length ? Math.max(...frames) : Number.NaN,
    long: frames.filter((f) => f > LONG_FRAME_MS).length,
  };
}

const FRAME_SAMPLER = `(() => {
  const s = { frames: [], stop: false };
  window.__rmFrames = s;
  const frame = (ts) => { s.frames.push(ts); if (!s.stop && s.frames.length < 5000) requestAnimationFrame(frame); };
  requestAnimationFrame(frame);
})()`;

/** Scrolls the timeline to its end with the mouse wheel, as a reader would, until every lane has rendered. */
export async function scrollThrough(page: Page): Promise<ScrollSample> {
  const box = (await page.evaluate(`(() => {
    const lane = document.querySelector("[data-lane]") || document.querySelector(${JSON.stringify(CARD)});
    let s = lane && lane.parentElement;
    while (s && !(s.scrollHeight > s.clientHeight + 10 && /(auto|scroll)/.test(getComputedStyle(s).overflowY))) s = s.parentElement;
    if (!s) return null;
    s.setAttribute("data-bench-scroller", "");
    s.scrollTop = 0;
    const r = s.getBoundingClientRect();
    return { x: r.left + r.width / 2, y: Math.max(r.top, 0) + Math.min(r.height, innerHeight - r.top) / 2 };
  })()`)) as { x: number; y: number } | null;
  if (!box) throw new Error("no scrolling container around the lanes");
  await sleep(300);
  const before = ((await page.evaluate("window.__rmCards")) as CardLog).at(-1)?.n ?? 0;
  const since = ((await page.evaluate("window.__rmCards.length")) as number) - 1;
  await page.mouse.move(box.x, box.y);
  await page.evaluate(FRAME_SAMPLER);
  const start = (await page.evaluate("performance.now()")) as number;
  for (let i = 0; i < 400; i++) {
    await page.mouse.wheel(0, 400);
    await sleep(16);
    if (i % 5 === 4) {
      const done = await page.evaluate(`(() => { const s = document.querySelector("[data-bench-scroller]");
        return s.scrollTop + s.clientHeight >= s.scrollHeight - 2; })()`);
      if (done) break;
    }
  }
  const r = await waitForCards(page, 1000, since);
  await page.evaluate("window.__rmFrames.stop = true");
  const frames = ((await page.evaluate("window.__rmFrames.frames")) as number[]).filter(
    (t) => t <= (r?.renderedMs ?? Number.POSITIVE_INFINITY) + 200,
  );
  const scrolledPx = (await page.evaluate(
    `document.querySelector("[data-bench-scroller]").scrollTop`,
  )) as number;
  return {
    ...frameStats(frames),
    before,
    after: r?.cards ?? before,
    allMs: r ? r.renderedMs - start : Number.NaN,
    scrolledPx,
  };
}

/** Where a card is, and where to drop it in period `to` (in the same lane: the zone at the card's height). */
async function dragGeometry(page: Page, itemId: string, to: string) {
  const card = page.locator(`[data-item-id="${itemId}"]`).first();
  await card.scrollIntoViewIfNeeded({ timeout: 5000 });
  const box = await card.boundingBox();
  if (!box) throw new Error(`card ${itemId} has no box`);
  const cx = box.x + box.width / 2;
  const cy = box.y + Math.min(box.height / 2, 12);
  const target = (await page.evaluate(
    `(() => {
      const vw = innerWidth, vh = innerHeight;
      const vis = window.__rmZones(${JSON.stringify(to)}).map((e) => e.getBoundingClientRect()).map((r) => ({
        x0: Math.max(0, r.left), x1: Math.min(vw, r.right), y0: Math.max(0, r.top), y1: Math.min(vh, r.bottom) }))
        .filter((r) => r.x1 - r.x0 > 4 && r.y1 - r.y0 > 4);
      if (!vis.length) return null;
      const y = ${cy};
      const r = vis.find((r) => r.y0 <= y && y <= r.y1) || vis.sort((a, b) => (b.x1 - b.x0) * (b.y1 - b.y0) - (a.x1 - a.x0) * (a.y1 - a.y0))[0];
      return { x: (r.x0 + r.x1) / 2, y: r.y0 <= y && y <= r.y1 ? y : (r.y0 + r.y1) / 2 };
    })()`,
  )) as { x: number; y: number } | null;
  if (!target) throw new Error(`no visible drop zone for the period ${to}`);
  return { cx, cy, tx: target.x, ty: target.y };
}

interface DragState {
  frames: number[];
  down: number | null;
  up: number | null;
  shown: number | null;
}

export async function dragOnce(
  page: Page,
  itemId: string,
  from: string,
  to: string,
  readPeriod: () => Promise<string | null>,
): Promise<DragSample> {
  const g = await dragGeometry(page, itemId, to);
  await page.evaluate(`(() => {
    getSelection()?.removeAllRanges(); // a selection under the pointer would start a native drag instead
    const s = { frames: [], down: null, up: null, shown: null, stop: false };
    window.__rmDrag = s;
    addEventListener("pointerdown", (e) => { s.down = e.timeStamp; }, { capture: true, once: true });
    addEventListener("pointerup", (e) => { s.up = e.timeStamp; }, { capture: true, once: true });
    const frame = (ts) => {
      s.frames.push(ts);
      if (s.up !== null && s.shown === null) {
        // The card itself, not the drag overlay (which carries no data-item-id).
        const el = document.querySelector('[data-item-id="${itemId}"]');
        if (el && window.__rmPeriodOf(el) === ${JSON.stringify(to)}) s.shown = ts;
      }
      if (!s.stop && s.frames.length < 3000) requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  })()`);
  await sleep(100);
  const t0 = performance.now();
  await page.mouse.move(g.cx, g.cy);
  await page.mouse.down();
  // A human-speed drag: 40 pointer moves (the first ones pass the 6 px activation distance).
  const steps = 40;
  for (let i = 1; i <= steps; i++) {
    await page.mouse.move(g.cx + ((g.tx - g.cx) * i) / steps, g.cy + ((g.ty - g.cy) * i) / steps);
    await sleep(16);
  }
  await sleep(120);
  await page.mouse.up();
  const dragMs = performance.now() - t0;
  const deadline = performance.now() + 10_000;
  const read = async () => (await page.evaluate("window.__rmDrag")) as DragState;
  while (performance.now() < deadline) {
    if ((await read()).shown !== null) break;
    await sleep(50);
  }
  await sleep(250);
  await page.evaluate("window.__rmDrag.stop = true");
  const s = await read();
  const saved = (await page.evaluate(`(() => {
    const e = performance.getEntriesByType("resource").filter((x) => x.name.includes("/roadmap-items/${itemId}"));
    return e.length ? e[e.length - 1].responseEnd : null;
  })()`)) as number | null;
  const start = s.down ?? s.frames[0];
  const end = (s.shown ?? s.frames.at(-1) ?? start) + 200;
  let persisted: string | null = null;
  for (let i = 0; i < 20; i++) {
    persisted = await readPeriod();
    if (persisted === to) break;
    await sleep(250);
  }
  const ts = s.frames.filter((t) => t >= start - 1 && t <= end);
  const longAt: string[] = [];
  for (let i = 1; i < ts.length; i++) {
    const f = ts[i] - ts[i - 1];
    if (f <= LONG_FRAME_MS) continue;
    const at =
      s.up !== null && ts[i] >= s.up
        ? `drop + ${Math.round(ts[i] - s.up)} ms`
        : `pointer down + ${Math.round(ts[i] - start)} ms`;
    longAt.push(`${Math.round(f)} ms at ${at}`);
  }
  return {
    ...frameStats(ts),
    longAt,
    from,
    to,
    shownMs: s.shown !== null && s.up !== null ? s.shown - s.up : null,
    savedMs: saved !== null && s.up !== null && saved > s.up ? saved - s.up : null,
    persisted,
    dragMs,
  };
}

export async function measureWeb(
  baton: RunningBaton,
  seed: SeedResult,
  log: (m: string) => void,
  build: BuildState,
): Promise<WebFigures> {
  const v = seed.view;
  const out: WebFigures = {
    build: build.detail,
    skip: null,
    cold: null,
    warm: [],
    items: 0,
    scroll: null,
    scrollError: null,
    drags: [],
    dragError: null,
    problems: [],
    loadBefore: {},
  };
  if (!existsSync(CHROMIUM)) {
    out.skip = `${CHROMIUM} missing (apt-get install -y chromium)`;
    return out;
  }
  if (!build.ok) {
    out.skip = `no usable web build: ${build.detail.slice(0, 300)}`;
    return out;
  }
  const c: Client = { base: baton.base, token: v.token };
  const view = (
    await call<{ items: unknown[]; periods: { key: string; label: string }[] }>(
      c,
      "GET",
      `/workspaces/${v.workspaceId}/roadmaps/${v.roadmapId}`,
    )
  ).body;
  out.items = view.items.length;
  const labels = Object.fromEntries(view.periods.map((p) => [p.key, p.label]));
  const url = `${baton.base}/w/${v.workspaceId}/roadmaps/${v.roadmapId}`;

  let browser: Browser | null = null;
  let unregister: (() => void) | null = null;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, timeout: 30_000 });
    const pid = (browser as unknown as { process?: () => { pid?: number } }).process?.()?.pid;
    const un = registerSyncCleanup(() => {
      if (pid)
        try {
          process.kill(pid, "SIGKILL");
        } catch {}
    });
    unregister = () => {
      un();
    };
    const context = await browser.newContext({ viewport: VIEWPORT });
    await context.addInitScript(recorder(labels));
    const login = await context.request.post(`${baton.base}/api/v1/auth/login`, {
      data: { email: seed.ownerEmail, password: seed.password },
    });
    if (!login.ok())
      throw new Error(`log-in answered ${login.status()}: ${(await login.text()).slice(0, 200)}`);
    const page = await context.newPage();
    page.on("pageerror", (e) => out.problems.push(`page error: ${e.message.slice(0, 200)}`));
    page.on("console", (m) => {
      if (m.type() === "error") out.problems.push(`console error: ${m.text().slice(0, 200)}`);
    });

    out.loadBefore.cold = loadAvg();
    log("  web: first (cold-cache) load of the timeline");
    out.cold = await loadOnce(page, url, v.roadmapId, FIRST_CARD_TIMEOUT_MS);
    if (!out.cold) {
      const shown = (await page.evaluate(
        "document.body ? document.body.innerText.slice(0, 160) : ''",
      )) as string;
      if (shown.includes("No route GET /w/"))
        throw new Error(
          "the server answers the page's URL with a 404: dist/web/index.html was missing when it started (a concurrent npm run build:web?)",
        );
      out.skip = `no item card (${CARD}) on ${url.replace(baton.base, "")} within ${FIRST_CARD_TIMEOUT_MS / 1000} s (the page shows: ${JSON.stringify(shown.replace(/\s+/g, " ").trim())})`;
      return out;
    }
    log(`    ${out.cold.cards} cards, complete at ${Math.round(out.cold.renderedMs)} ms`);
    out.loadBefore.warm = loadAvg();
    for (let i = 0; i < WARM_LOADS; i++) {
      const s = await loadOnce(page, url, v.roadmapId, FIRST_CARD_TIMEOUT_MS);
      if (!s) throw new Error("the cards did not show on a warm load");
      out.warm.push(s);
      log(`    warm load ${i + 1}: ${s.cards} cards, complete at ${Math.round(s.renderedMs)} ms`);
    }

    out.loadBefore.scroll = loadAvg();
    try {
      log("  web: scroll the timeline to its end (mouse wheel)");
      out.scroll = await scrollThrough(page);
      log(
        `    ${out.scroll.before} → ${out.scroll.after} cards, complete ${Math.round(out.scroll.allMs)} ms after the first wheel event; frames p95 ${out.scroll.p95.toFixed(1)} ms, max ${out.scroll.max.toFixed(1)} ms`,
      );
    } catch (err) {
      out.scrollError = (err as Error).message.split("\n")[0].slice(0, 300);
      log(`    scroll not measured: ${out.scrollError}`);
    }

    out.loadBefore.drag = loadAvg();
    try {
      if (!(await page.locator(`[data-item-id="${v.dragItemId}"]`).count()))
        throw new Error(`no card with data-item-id="${v.dragItemId}" after scrolling through the timeline`);
      const [p0, p1] = v.periods;
      for (const [from, to] of [
        [p0, p1],
        [p1, p0],
        [p0, p1],
        [p1, p0],
      ]) {
        log(`  web: drag a card from ${labels[from]} to ${labels[to]}`);
        const d = await dragOnce(
          page,
          v.dragItemId,
          from,
          to,
          async () =>
            (
              await call<{ period: string | null }>(
                c,
                "GET",
                `/workspaces/${v.workspaceId}/roadmap-items/${v.dragItemId}`,
              )
            ).body.period,
        );
        out.drags.push(d);
        log(
          `    ${d.frames.length} frames, p95 ${d.p95.toFixed(1)} ms, max ${d.max.toFixed(1)} ms${d.longAt.length ? ` (long: ${d.longAt.join(", ")})` : ""}, shown after ${d.shownMs === null ? "never" : `${Math.round(d.shownMs)} ms`}, API says ${d.persisted}`,
        );
        if (d.shownMs === null) break;
      }
    } catch (err) {
      out.dragError = (err as Error).message.split("\n")[0].slice(0, 300);
      log(`    drag not measured: ${out.dragError}`);
    }
    await context.close();
  } finally {
    await browser?.close().catch(() => {});
    unregister?.();
  }
  return out;
}
