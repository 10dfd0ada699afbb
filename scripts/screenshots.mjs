#!/usr/bin/env node
// The README's screenshots: `node scripts/screenshots.mjs [outDir]`. The home page, the backlog, the roadmap
// and the sign-off go to docs/ (home as screenshot.png); the competitor and feedback pages to docs/screenshots/
// (everything to outDir when one is given).
//
// Starts its own Baton with the demo (`baton start --demo`, a fresh data directory, a free port; it fetches
// nothing from outside), logs in as the demo's owner, and captures each page at 1280×800 in Debian's Chromium
// (`npm run build:web` first when the web app changed). Writes PNGs to docs/screenshots/ (or outDir) and fails
// when a page shows an error, is still loading, or a file is over 300 kB. Not part of `npm test`.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "@playwright/test";

const root = fileURLToPath(new URL("..", import.meta.url));
const out = path.resolve(process.argv[2] ?? path.join(root, "docs/screenshots"));
const mainOut = process.argv[2] ? out : path.join(root, "docs");
const DEMO = { email: "demo@northwind.test", password: "baton-demo-2026" };
const MAX_BYTES = 300 * 1024;

const freePort = () =>
  new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

async function startDemo() {
  const port = await freePort();
  const parent = mkdtempSync(path.join(os.tmpdir(), "baton-shots-"));
  const proc = spawn(process.execPath, [path.join(root, "bin/baton.js"), "start", "--demo"], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      BATON_DATA_DIR: path.join(parent, "data"),
      LOG_LEVEL: "warn",
      BATON_FETCH_LOOPBACK_ONLY: "1",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  proc.stdout.on("data", (d) => (log += d));
  proc.stderr.on("data", (d) => (log += d));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (proc.exitCode === null) {
      const exited = new Promise((r) => proc.once("exit", r));
      proc.kill("SIGTERM");
      await exited;
    }
    rmSync(parent, { recursive: true, force: true });
  };
  for (const deadline = Date.now() + 420_000; Date.now() < deadline && proc.exitCode === null; ) {
    const ok = await fetch(`${url}/api/v1/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { url, stop };
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(`Baton did not start on ${url}:\n${log}`);
}

/** No request for 400 ms, no loader or skeleton, no running transition, fonts ready. */
async function settle(page, inFlight) {
  let quietSince = Date.now();
  for (const deadline = Date.now() + 30_000; ; ) {
    if (inFlight.size > 0) quietSince = Date.now();
    if (Date.now() - quietSince >= 400) break;
    if (Date.now() > deadline) throw new Error(`${page.url()}: the network never went quiet`);
    await new Promise((r) => setTimeout(r, 50));
  }
  await page
    .locator(".mantine-Loader:visible, .mantine-Skeleton:visible")
    .first()
    .waitFor({ state: "detached", timeout: 20_000 })
    .catch(() => {});
  if (await page.locator(".mantine-Loader:visible, .mantine-Skeleton:visible").count())
    throw new Error(`${page.url()}: still loading`);
  await page.evaluate(() => document.fonts.ready);
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== "running"), null, {
    timeout: 10_000,
  });
}

async function main() {
  mkdirSync(out, { recursive: true });
  const baton = await startDemo();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--hide-scrollbars",
    ],
  });
  try {
    const context = await browser.newContext({
      baseURL: baton.url,
      viewport: { width: 1280, height: 800 },
      deviceScaleFactor: 1,
      reducedMotion: "reduce",
      locale: "en-US",
      timezoneId: "Europe/London",
    });
    const page = await context.newPage();
    const inFlight = new Set();
    page.on("request", (r) => inFlight.add(r));
    page.on("requestfinished", (r) => inFlight.delete(r));
    page.on("requestfailed", (r) => inFlight.delete(r));
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));

    await page.goto("/login");
    await page.getByRole("textbox", { name: "E-mail", exact: true }).fill(DEMO.email);
    await page.getByRole("textbox", { name: "Password", exact: true }).fill(DEMO.password);
    await page.getByRole("button", { name: "Log in" }).click();
    await page.waitForURL(/\/w\/[0-9a-f-]{36}$/);
    const wid = new URL(page.url()).pathname.split("/")[2];
    const session = await (await page.request.get("/api/v1/auth/session")).json();
    const api = async (p) => {
      const res = await page.request.get(`/api/v1/workspaces/${wid}${p}`, {
        headers: { "X-CSRF-Token": session.csrfToken },
      });
      if (!res.ok()) throw new Error(`GET ${p}: ${res.status()} ${await res.text()}`);
      return res.json();
    };
    const products = (await api("/products")).items;
    const mobile = products.find((p) => p.name === "Northwind Mobile") ?? products[0];
    const competitors = (await api("/competitors")).items;
    // The competitor with the fullest SWOT board.
    let rival = competitors[0];
    let most = -1;
    for (const c of competitors) {
      const n = ((await api(`/competitors/${c.id}/swot`)).items ?? []).length;
      if (n > most) [rival, most] = [c, n];
    }
    // A pricing change (a diff and the prices read), else the most recent one.
    const changes = (await api("/changes?limit=50")).items;
    const change =
      changes.find((c) => c.category === "pricing" && c.importance === "high" && c.state !== "noise") ??
      changes.find((c) => c.category === "pricing") ??
      changes[0];

    const roadmaps = (await api("/roadmaps")).items;
    const roadmap = roadmaps.find((r) => /2027/.test(r.name)) ?? roadmaps[0];
    const signoffs = (await api("/signoffs")).items;
    const signoff = signoffs.find((x) => x.status === "open") ?? signoffs[0];

    const shots = [
      { file: "screenshot.png", dir: mainOut, url: `/w/${wid}` },
      { file: "backlog.png", dir: mainOut, url: `/w/${wid}/products/${mobile.id}/ideas` },
      {
        file: "roadmap.png",
        dir: mainOut,
        url: `/w/${wid}/roadmaps/${roadmap.id}`,
        // Arrows show on hover by default: the picture shows them all.
        prepare: async () => {
          const all = page.getByRole("switch", { name: "Show all dependencies" });
          if ((await all.count()) && !(await all.isChecked())) await all.check({ force: true });
        },
      },
      ...(signoff ? [{ file: "signoff.png", dir: mainOut, url: `/w/${wid}/signoffs/${signoff.id}` }] : []),
      { file: "competitors.png", url: `/w/${wid}/competitors` },
      { file: "competitor-swot.png", url: `/w/${wid}/competitors/${rival.id}?tab=swot` },
      { file: "feature-matrix-gaps.png", url: `/w/${wid}/products/${mobile.id}/matrix?view=gaps` },
      { file: "change-diff.png", url: `/w/${wid}/changes/${change.id}` },
      {
        file: "feedback-inbox.png",
        url: `/w/${wid}/feedback`,
        // The first item open in the reading pane.
        prepare: async () => {
          const first = page.locator("button[data-item-id]").first();
          if (await first.count()) await first.click();
        },
      },
      {
        file: "feedback-themes.png",
        url: `/w/${wid}/feedback/themes`,
        // The demo has no confirmed themes: confirm Baton's first suggestions (in this throwaway copy), then
        // show the themes' weekly chart and their table.
        prepare: async () => {
          await page.getByRole("button", { name: "Suggest themes" }).click();
          await settle(page, inFlight);
          for (let i = 0; i < 3; i++) {
            const confirm = page.getByRole("button", { name: "Confirm", exact: true }).first();
            if (!(await confirm.count())) break;
            await confirm.click();
            await settle(page, inFlight);
          }
          await page.reload();
          await settle(page, inFlight);
          await page.getByText("Items per week by theme", { exact: true }).evaluate((h) => {
            const card = h.closest(".mantine-Paper-root, .mantine-Card-root") ?? h;
            window.scrollTo(0, card.getBoundingClientRect().top + window.scrollY - 72);
          });
        },
      },
    ];
    for (const s of shots) {
      inFlight.clear();
      await page.goto(s.url);
      await settle(page, inFlight);
      if (s.prepare) {
        await s.prepare();
        await settle(page, inFlight);
      }
      const broken = await page
        .getByText(/Something went wrong|Could not load|failed to display/i)
        .count()
        .catch(() => 0);
      if (broken) throw new Error(`${s.url} shows an error`);
      // An error toast fails the run; other toasts (of the steps above) are hidden from the picture.
      const toasts = await page.locator(".mantine-Notification-root").allInnerTexts();
      const bad = toasts.filter((t) => /error|fail|could not|wrong/i.test(t));
      if (bad.length) throw new Error(`${s.url} shows an error toast: ${bad.join(" | ")}`);
      await page.addStyleTag({ content: ".mantine-Notifications-root { visibility: hidden !important; }" });
      const file = path.join(s.dir ?? out, s.file);
      await page.screenshot({ path: file, scale: "css", animations: "disabled", caret: "hide" });
      const size = statSync(file).size;
      console.log(`${s.file}: ${Math.round(size / 1024)} kB (${s.url})`);
      if (size > MAX_BYTES) throw new Error(`${s.file} is ${size} bytes (more than ${MAX_BYTES})`);
    }
    if (errors.length) throw new Error(`page errors: ${errors.join("; ")}`);
  } finally {
    await browser.close();
    await baton.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
