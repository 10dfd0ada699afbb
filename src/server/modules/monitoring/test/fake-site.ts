import { createHash } from "node:crypto";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local fake website on 127.0.0.1 whose pages change between checks: each path answers what `set()` last put
 * there (a body, a status, headers, a delay, a huge streamed body). An answer with an `etag` honours
 * If-None-Match with a 304, as real servers do. Every request is recorded (path, headers).
 */
export interface Page {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  etag?: string;
  /** Wait this long before answering (a slow site). */
  delayMs?: number;
  /** Stream this many bytes of filler HTML (an oversized page) instead of `body`. */
  hugeBytes?: number;
}

export class FakeSite {
  readonly requests: { path: string; headers: IncomingMessage["headers"] }[] = [];
  private readonly pages = new Map<string, Page | ((req: IncomingMessage) => Page)>();
  private server!: http.Server;
  origin = "";
  /** Requests held open (a check killed mid-flight); released with `release()`. */
  private held: ServerResponse[] = [];

  async start(port = 0, host = "127.0.0.1") {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((r) => this.server.listen(port, host, r));
    this.origin = `http://${host}:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  set(path: string, page: Page | ((req: IncomingMessage) => Page)) {
    this.pages.set(path, page);
  }

  html(path: string, body: string, extra: Omit<Page, "body"> = {}) {
    this.set(path, { headers: { "content-type": "text/html; charset=utf-8" }, body, ...extra });
  }

  hits(path: string) {
    return this.requests.filter((r) => r.path === path).length;
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", "http://x");
    this.requests.push({ path: url.pathname + url.search, headers: req.headers });
    const entry = this.pages.get(url.pathname + url.search) ?? this.pages.get(url.pathname);
    const page = typeof entry === "function" ? entry(req) : entry;
    if (!page) {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("not found");
      return;
    }
    if (page.delayMs) await new Promise((r) => setTimeout(r, page.delayMs));
    if (res.destroyed) return;
    const headers: Record<string, string> = { ...page.headers };
    if (page.etag) {
      headers.etag = page.etag;
      if (req.headers["if-none-match"] === page.etag) {
        res.writeHead(304, headers);
        res.end();
        return;
      }
    }
    if (page.hugeBytes) {
      res.writeHead(page.status ?? 200, { "content-type": "text/html", ...headers });
      const chunk = Buffer.alloc(64 * 1024, "<p>filler filler filler filler</p>\n");
      let sent = 0;
      const write = () => {
        while (sent < page.hugeBytes!) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once("drain", write);
        }
        res.end();
      };
      res.on("error", () => undefined);
      write();
      return;
    }
    res.writeHead(page.status ?? 200, headers);
    res.end(page.body ?? "");
  }

  /** Holds every request to `path` open until release() (to kill a check mid-flight). */
  hold(path: string) {
    this.set(path, () => ({ delayMs: 3_600_000 }));
  }

  close() {
    for (const r of this.held) r.destroy();
    this.server.closeAllConnections();
    return new Promise<void>((r) => this.server.close(() => r()));
  }
}

/** A realistic product page: navigation, a hero, features, and volatile bits that change with `load` (counters, dates, tokens). */
export function productPage(
  o: { tagline?: string; features?: string[]; load?: number; extra?: string } = {},
) {
  const n = o.load ?? 0;
  const token = createHash("sha256").update(String(n)).digest("hex").slice(0, 32);
  const features = o.features ?? [
    "Roadmaps that update themselves",
    "Feedback from every channel",
    "Scoring your team trusts",
  ];
  return `<!doctype html><html><head><title>Acme — plan better</title><meta name="csrf-token" content="${token}"></head>
<body><nav><a href="/">Home</a><a href="/pricing">Pricing</a><a href="/blog">Blog</a></nav>
<header><h1>${o.tagline ?? "The product management platform for busy teams"}</h1></header>
<main><section id="features"><h2>Features</h2><ul>${features.map((f) => `<li>${f}</li>`).join("")}</ul></section>
<section><h2>Why Acme</h2><p>Acme brings your ideas, feedback and roadmaps together so the whole company sees what is planned and why.
Teams ship what matters and tell customers when it is done. Integrations with the tools you already use keep everyone in the loop.</p>${o.extra ?? ""}
<p class="live">${(1204 + n * 37).toLocaleString("en-US")} users online</p>
<p>Last updated December ${7 + (n % 20)}, 2026 at 09:${String(10 + (n % 50)).padStart(2, "0")}</p>
<p>Build <span>${token}</span> · session ${crypto.randomUUID()}</p>
</section></main><footer>© 2026 Acme Inc. Rendered in ${12 + n} ms</footer></body></html>`;
}

/** A pricing page: plan names in headings, prices with periods. */
export function pricingPage(plans: { name: string; price: string; period?: string }[]) {
  return `<!doctype html><html><head><title>Pricing — Acme</title></head><body><nav><a href="/">Home</a></nav>
<main><h1>Simple pricing for every team</h1><div class="plans">${plans
    .map(
      (p) =>
        `<div class="plan"><h3>${p.name}</h3><div class="price"><span>${p.price}</span><span>${p.period ?? "/month"}</span></div><ul><li>Unlimited ideas</li><li>Roadmaps</li></ul></div>`,
    )
    .join(
      "",
    )}</div><p>All prices exclude VAT. Cancel any time.</p></main><footer>© 2026 Acme</footer></body></html>`;
}
