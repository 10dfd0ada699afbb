// The approver's page: GET …/signoffs/:id/review as the approver (a team lead), sequential requests on one
// keep-alive connection, without and with Accept-Encoding (as the browser asks); node:http so the bytes on
// the wire and the Content-Encoding are what the server sent.
import http from "node:http";
import { gunzipSync } from "node:zlib";
import type { RunningBaton } from "../lib/baton.ts";
import { loadAvg } from "../lib/report.ts";
import { percentile } from "../roadmap/measure.ts";
import type { SignoffSeed } from "./types.ts";

export interface ReviewStats {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  wireBytes: number;
  contentEncoding: string;
  loadBefore: string;
}

export interface ReviewFigures {
  firstMs: number;
  jsonBytes: number;
  check: {
    items: number;
    moved: number;
    changed: number;
    added: number;
    removed: number;
    unchanged: number;
    myItems: number;
    myTeams: number;
    capacityTeams: number;
    approvers: number;
  };
  warmup: number;
  plain: ReviewStats;
  gzip: ReviewStats;
}

const BROWSER_ENCODING = "gzip, deflate, br, zstd";

function get(agent: http.Agent, base: string, path: string, token: string, encoding: string | null) {
  return new Promise<{ ms: number; status: number; body: Buffer; encoding: string }>((resolve, reject) => {
    const t0 = performance.now();
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: "application/json" };
    if (encoding) headers["accept-encoding"] = encoding;
    const req = http.get(`${base}${path}`, { agent, headers, timeout: 30_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        resolve({
          ms: performance.now() - t0,
          status: res.statusCode ?? 0,
          body: Buffer.concat(chunks),
          encoding: String(res.headers["content-encoding"] ?? "identity"),
        }),
      );
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error(`GET ${path} timed out`)));
    req.on("error", reject);
  });
}

export async function measureReview(
  baton: RunningBaton,
  seed: SignoffSeed,
  o: { requests: number; warmup: number },
  log: (m: string) => void,
): Promise<ReviewFigures> {
  const s = seed.review;
  const path = `/api/v1/workspaces/${s.workspaceId}/signoffs/${s.signoffId}/review`;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const one = (enc: string | null) => get(agent, baton.base, path, s.approverToken, enc);
    const first = await one(null);
    if (first.status !== 200)
      throw new Error(`GET review → ${first.status}: ${first.body.toString().slice(0, 300)}`);
    const r = JSON.parse(first.body.toString("utf8"));
    const check = {
      items: r.items.length,
      moved: r.diff.moved.length,
      changed: r.diff.changed.length,
      added: r.diff.added.length,
      removed: r.diff.removed.length,
      unchanged: r.diff.unchanged,
      myItems: r.myItemIds.length,
      myTeams: r.myTeams.length,
      capacityTeams: r.capacityEffect.length,
      approvers: r.signoff.approvers.length,
    };
    if (!r.baseline || check.capacityTeams === 0 || check.moved + check.changed === 0)
      throw new Error(
        `the review page lacks a baseline, a diff or a capacity effect: ${JSON.stringify(check)}`,
      );
    for (let i = 0; i < o.warmup; i++) await one(i % 2 ? BROWSER_ENCODING : null);
    const run = async (enc: string | null): Promise<ReviewStats> => {
      const loadBefore = loadAvg();
      const ms: number[] = [];
      let wireBytes = 0;
      let contentEncoding = "identity";
      for (let i = 0; i < o.requests; i++) {
        const x = await one(enc);
        if (x.status !== 200) throw new Error(`GET review → ${x.status} (request ${i + 1})`);
        ms.push(x.ms);
        wireBytes = x.body.length;
        contentEncoding = x.encoding;
        if (i === 0 && x.encoding === "gzip") JSON.parse(gunzipSync(x.body).toString("utf8"));
      }
      return {
        n: ms.length,
        p50: percentile(ms, 50),
        p95: percentile(ms, 95),
        p99: percentile(ms, 99),
        max: Math.max(...ms),
        wireBytes,
        contentEncoding,
        loadBefore,
      };
    };
    const plain = await run(null);
    log(
      `  review, plain: p50 ${plain.p50.toFixed(1)} ms, p95 ${plain.p95.toFixed(1)} ms, p99 ${plain.p99.toFixed(1)} ms`,
    );
    const gzip = await run(BROWSER_ENCODING);
    log(
      `  review, ${BROWSER_ENCODING}: p50 ${gzip.p50.toFixed(1)} ms, p99 ${gzip.p99.toFixed(1)} ms, ${gzip.contentEncoding}`,
    );
    return { firstMs: first.ms, jsonBytes: first.body.length, check, warmup: o.warmup, plain, gzip };
  } finally {
    agent.destroy();
  }
}
