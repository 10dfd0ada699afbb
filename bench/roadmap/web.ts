// roadmap:web — the timeline of the 1,000-item roadmap in Chromium (Playwright's library API, the built web
// app served by Baton): time from navigation start to the first animation frame with every item card in the
// DOM, and a drag of a card to the next period with frame times sampled by requestAnimationFrame.
//
// What the UI must expose (src/web/modules/roadmap/):
//  - every item card: data-testid="roadmap-card" and data-item-id="<item id>";
//  - the period a card sits in: the card or an ancestor carries data-period="<period key, YYYY-MM-01>", and the
//    drop target of a period (a column, or a lane's cell) carries data-period too (data-testid="roadmap-period"
//    is preferred when several elements carry it).
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
export const CARD = '[data-testid="roadmap-card"]';
export const VIEWPORT = { width: 1440, height: 900 };
export const WARM_LOADS = 3;
/** "Drags without visible lag": p95 frame time at most this, and no frame longer than LAG_MAX_FRAME_MS. */
export const LAG_P95_MS = 32;
export const LAG_MAX_FRAME_MS = 100;
export const LONG_FRAME_MS = 50;
const FIRST_CARD_TIMEOUT_MS = 20_000;

export interface LoadSample {
  /** ms from navigation start to the first animation frame with the final number of cards in the DOM. */
  renderedMs: number;
  cards: number;
  /** ms from navigation start until the roadmap view's API response had arrived (resource timing). */
  apiEndMs: number | null;
  domContentLoadedMs: number | null;
}

export interface DragSample {
  from: string;
  to: string;
  /** Frame intervals (ms) from pointer down until the card showed in its new period. */
  frames: number[];
  p95: number;
  max: number;
  long: number;
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
  expectedCards: number;
  drags: DragSample[];
  dragError: string | null;
  problems: string[];
  loadBefore: Record<string, string>;
}

/** Counts the cards in every animation frame (from document start), so the first complete frame is known. */
export const RECORDER = `(() => {
  const log = [];
  window.__rmCards = log;
  let last = -1;
  const started = performance.now();
  const frame = (ts) => {
    const n = document.querySelectorAll(${JSON.stringify(CARD)}).length;
    if (n !== last) { last = n; log.push({ n, t: ts }); }
    if (!window.__rmStop && performance.now() - started < 30000) requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
})();`;

async function waitForCards(page: Page, expected: number, firstTimeoutMs: number) {
  const t0 = performance.now();
  let lastChange = performance.now();
  let lastN = -1;
  for (;;) {
    const log = (await page.evaluate("window.__rmCards || []")) as { n: number; t: number }[];
    const n = log.at(-1)?.n ?? 0;
    if (n !== lastN) {
      lastN = n;
      lastChange = performance.now();
    }
    if (n >= expected && expected > 0) break;
    // Stable for 2 s with cards: the UI shows what it shows (fewer than expected is reported as such).
    if (n > 0 && performance.now() - lastChange > 2000) break;
    if (n === 0 && performance.now() - t0 > firstTimeoutMs) return null;
    if (performance.now() - t0 > 30_000) break;
    await sleep(50);
  }
  await page.evaluate("window.__rmStop = true");
  const log = (await page.evaluate("window.__rmCards")) as { n: number; t: number }[];
  const final = log.at(-1)?.n ?? 0;
  const first = log.find((e) => e.n === final);
  return { cards: final, renderedMs: first?.t ?? Number.NaN };
}

export async function loadOnce(
  page: Page,
  url: string,
  expected: number,
  roadmapId: string,
  firstTimeoutMs: number,
) {
  await page.goto(url, { waitUntil: "commit", timeout: 30_000 });
  const r = await waitForCards(page, expected, firstTimeoutMs);
  if (!r) return null;
  const timing = (await page.evaluate(`(() => {
    const nav = performance.getEntriesByType("navigation")[0];
    const api = performance.getEntriesByType("resource").filter((e) => /\\/roadmaps\\/${roadmapId}(\\?|$)/.test(e.name));
    return { dcl: nav ? nav.domContentLoadedEventEnd : null, api: api.length ? api[api.length - 1].responseEnd : null };
  })()`)) as { dcl: number | null; api: number | null };
  return { ...r, apiEndMs: timing.api, domContentLoadedMs: timing.dcl } satisfies LoadSample;
}

/** Where a card is, and where to drop it in period `to` (the same lane when the target cells are per lane). */
async function dragGeometry(page: Page, itemId: string, to: string) {
  const card = page.locator(`${CARD}[data-item-id="${itemId}"]`).first();
  await card.scrollIntoViewIfNeeded({ timeout: 5000 });
  const box = await card.boundingBox();
  if (!box) throw new Error(`card ${itemId} has no box`);
  const cx = box.x + box.width / 2;
  const cy = box.y + Math.min(box.height / 2, 12);
  const target = (await page.evaluate(
    `(() => {
      const card = ${JSON.stringify(CARD)};
      const pref = [...document.querySelectorAll('[data-testid="roadmap-period"][data-period="${to}"]')];
      const all = pref.length ? pref : [...document.querySelectorAll('[data-period="${to}"]')].filter((e) => !e.matches(card) && !e.closest(card));
      const vw = innerWidth, vh = innerHeight;
      const vis = all.map((e) => e.getBoundingClientRect()).map((r) => ({
        x0: Math.max(0, r.left), x1: Math.min(vw, r.right), y0: Math.max(0, r.top), y1: Math.min(vh, r.bottom) }))
        .filter((r) => r.x1 - r.x0 > 4 && r.y1 - r.y0 > 4);
      if (!vis.length) return null;
      const y = ${cy};
      const r = vis.find((r) => r.y0 <= y && y <= r.y1) || vis.sort((a, b) => (b.x1 - b.x0) * (b.y1 - b.y0) - (a.x1 - a.x0) * (a.y1 - a.y0))[0];
      return { x: (r.x0 + r.x1) / 2, y: r.y0 <= y && y <= r.y1 ? y : (r.y0 + r.y1) / 2 };
    })()`,
  )) as { x: number; y: number } | null;
  if (!target) throw new Error(`no visible drop target with data-period="${to}"`);
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
) {
  const g = await dragGeometry(page, itemId, to);
  await page.evaluate(`(() => {
    getSelection()?.removeAllRanges(); // a selection under the pointer would start a native drag instead
    const s = { frames: [], down: null, up: null, shown: null, stop: false };
    window.__rmDrag = s;
    addEventListener("pointerdown", (e) => { s.down = e.timeStamp; }, { capture: true, once: true });
    addEventListener("pointerup", (e) => { s.up = e.timeStamp; }, { capture: true, once: true });
    const periodOf = () => {
      const el = document.querySelector('${CARD}[data-item-id="${itemId}"]');
      const p = el && el.closest("[data-period]");
      return p ? p.getAttribute("data-period") : null;
    };
    const frame = (ts) => {
      s.frames.push(ts);
      if (s.up !== null && s.shown === null && periodOf() === "${to}") s.shown = ts;
      if (!s.stop && s.frames.length < 3000) requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  })()`);
  await sleep(100);
  const t0 = performance.now();
  await page.mouse.move(g.cx, g.cy);
  await page.mouse.down();
  // A human-speed drag: about 40 pointer moves over ~0.7 s (the first few pass any activation distance).
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
  const ts = s.frames.filter((t) => t >= start - 1 && t <= end);
  const frames = ts.slice(1).map((t, i) => t - ts[i]);
  let persisted: string | null = null;
  for (let i = 0; i < 20; i++) {
    persisted = await readPeriod();
    if (persisted === to) break;
    await sleep(250);
  }
  return {
    from,
    to,
    frames,
    p95: percentile(frames, 95),
    max: frames.length ? Math.max(...frames) : Number.NaN,
    long: frames.filter((f) => f > LONG_FRAME_MS).length,
    shownMs: s.shown !== null && s.up !== null ? s.shown - s.up : null,
    savedMs: saved !== null && s.up !== null && saved > s.up ? saved - s.up : null,
    persisted,
    dragMs,
  } satisfies DragSample;
}

export async function measureWeb(
  baton: RunningBaton,
  seed: SeedResult,
  log: (m: string) => void,
  build: BuildState,
): Promise<WebFigures> {
  const v = seed.view;
  const out: WebFigures = {
    build: "",
    skip: null,
    cold: null,
    warm: [],
    expectedCards: 0,
    drags: [],
    dragError: null,
    problems: [],
    loadBefore: {},
  };
  if (!existsSync(CHROMIUM)) {
    out.skip = `${CHROMIUM} missing (apt-get install -y chromium)`;
    return out;
  }
  out.build = build.detail;
  if (!build.ok) {
    out.skip = `no usable web build: ${build.detail.slice(0, 300)}`;
    return out;
  }
  const c: Client = { base: baton.base, token: v.token };
  const view = (
    await call<{ items: { status: string; period: string | null }[] }>(
      c,
      "GET",
      `/workspaces/${v.workspaceId}/roadmaps/${v.roadmapId}`,
    )
  ).body;
  // At least every live item with a period is on the timeline (candidates and dropped ones may be elsewhere).
  out.expectedCards = view.items.filter((i) => i.status !== "dropped" && i.period).length;
  const url = `${baton.base}/w/${v.workspaceId}/roadmaps/${v.roadmapId}`;

  let browser: Browser | null = null;
  let unregister: (() => void) | null = null;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, timeout: 30_000 });
    const pid = (browser as unknown as { process?: () => { pid?: number } }).process?.()?.pid;
    const stopBrowser = () => {
      if (pid)
        try {
          process.kill(pid, "SIGKILL");
        } catch {}
    };
    const un = registerSyncCleanup(stopBrowser);
    unregister = () => {
      un();
    };
    const context = await browser.newContext({ viewport: VIEWPORT });
    await context.addInitScript(RECORDER);
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
    out.cold = await loadOnce(page, url, out.expectedCards, v.roadmapId, FIRST_CARD_TIMEOUT_MS);
    if (!out.cold) {
      const shown = (await page.evaluate(
        "document.body ? document.body.innerText.slice(0, 160) : ''",
      )) as string;
      out.skip = `no ${CARD} on ${url.replace(baton.base, "")} within ${FIRST_CARD_TIMEOUT_MS / 1000} s (the timeline UI is not there yet; the page shows: ${JSON.stringify(shown.replace(/\s+/g, " ").trim())})`;
      return out;
    }
    log(`    ${out.cold.cards} cards at ${Math.round(out.cold.renderedMs)} ms`);
    out.loadBefore.warm = loadAvg();
    for (let i = 0; i < WARM_LOADS; i++) {
      const s = await loadOnce(page, url, out.expectedCards, v.roadmapId, FIRST_CARD_TIMEOUT_MS);
      if (!s) throw new Error("the cards did not show on a warm load");
      out.warm.push(s);
      log(`    warm load ${i + 1}: ${s.cards} cards at ${Math.round(s.renderedMs)} ms`);
    }

    out.loadBefore.drag = loadAvg();
    try {
      const hasId = await page.locator(`${CARD}[data-item-id="${v.dragItemId}"]`).count();
      if (!hasId)
        throw new Error(
          `no ${CARD}[data-item-id="${v.dragItemId}"] (cards need data-item-id for the drag measurement)`,
        );
      const [p0, p1] = v.periods;
      for (const [from, to] of [
        [p0, p1],
        [p1, p0],
      ]) {
        log(`  web: drag a card from ${from.slice(0, 7)} to ${to.slice(0, 7)}`);
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
          `    ${d.frames.length} frames, p95 ${d.p95.toFixed(1)} ms, max ${d.max.toFixed(1)} ms, shown after ${d.shownMs === null ? "never" : `${Math.round(d.shownMs)} ms`}, API says ${d.persisted}`,
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
