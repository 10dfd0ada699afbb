import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * The competitors bench's fake website: one HTTP server per loopback address (127.0.0.2, 127.0.0.3 …), so every
 * "site" is its own host name to Baton's per-host politeness queue, as real competitors' sites are. Pages are
 * ~100 kB of realistic product-page HTML, different per page; `flip(set)` changes the pages whose index is in
 * the set (a new paragraph, a changed price and heading), so a check finds them changed.
 */
const WORDS = (
  "roadmap feedback customers teams product launch release pricing plan integration workflow insight analytics " +
  "priority backlog ideas score ship deliver collaborate stakeholders engineering design strategy growth market " +
  "enterprise security compliance automation reporting dashboard portal sync export import api webhook mobile"
).split(" ");

function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sentence = (r: () => number) => {
  const n = 8 + Math.floor(r() * 14);
  const w = Array.from({ length: n }, () => WORDS[Math.floor(r() * WORDS.length)]);
  return `${w[0]![0]!.toUpperCase()}${w.join(" ").slice(1)}.`;
};

/** A ~`kb` kB product page, the same for the same (page, version). */
export function benchPage(page: number, version: number, kb = 100): string {
  const r = rng(page * 7919 + 1);
  const sections: string[] = [];
  let size = 0;
  let s = 0;
  while (size < kb * 1024 - 2000) {
    const paras = Array.from({ length: 4 }, () => `<p>${sentence(r)} ${sentence(r)} ${sentence(r)}</p>`).join(
      "\n",
    );
    const part = `<section><h2>Section ${s} ${WORDS[s % WORDS.length]}</h2>\n${paras}\n<ul><li>${sentence(r)}</li><li>${sentence(r)}</li></ul></section>`;
    sections.push(part);
    size += part.length;
    s++;
  }
  if (version > 0) {
    // A changed page: a new section up front, a reworded heading, a new price.
    sections.splice(
      3,
      0,
      `<section><h2>New in version ${version}</h2><p>Now with automated ${WORDS[version % WORDS.length]} for every plan, $${29 + version}/month.</p></section>`,
    );
    sections[10] = sections[10]!.replace(/<h2>[^<]*<\/h2>/, `<h2>Reworded heading ${version}</h2>`);
  }
  return `<!doctype html><html><head><title>Product ${page}</title><meta name="csrf" content="${Math.random().toString(16).slice(2)}${Date.now().toString(16)}abcdef0123"></head>
<body><nav><a href="/">Home</a> <a href="/pricing">Pricing</a></nav><main><h1>Product ${page}: plan what matters</h1>
${sections.join("\n")}
<p>${Math.floor(1000 + Math.random() * 9000).toLocaleString("en-US")} users online · updated ${new Date().toUTCString()}</p></main>
<footer>© 2026 Company ${page}</footer></body></html>`;
}

export class BenchSite {
  private servers: http.Server[] = [];
  readonly origins: string[] = [];
  private readonly version = new Map<number, number>();
  /** Bodies are built once per (page mod 200, version): page ids above that reuse a template with their own title. */
  private readonly cache = new Map<string, string>();
  requests = 0;

  async start(hosts: number) {
    for (let h = 0; h < hosts; h++) {
      const address = `127.0.0.${2 + h}`;
      const server = http.createServer((req, res) => {
        this.requests++;
        const path = req.url ?? "/";
        if (path === "/robots.txt") {
          res.writeHead(200, { "content-type": "text/plain" });
          res.end("User-agent: *\nDisallow: /private/\n");
          return;
        }
        const m = /^\/p\/(\d+)$/.exec(path);
        if (!m) {
          res.writeHead(404);
          res.end();
          return;
        }
        const page = Number(m[1]);
        const v = this.version.get(page) ?? 0;
        const key = `${page % 200}:${v}`;
        let body = this.cache.get(key);
        if (!body) {
          body = benchPage(page % 200, v);
          this.cache.set(key, body);
        }
        res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
        res.end(body.replace(/<title>Product \d+/, `<title>Product ${page}`));
      });
      await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(0, address, () => resolve());
      });
      this.servers.push(server);
      this.origins.push(`http://${address}:${(server.address() as AddressInfo).port}`);
    }
    return this;
  }

  url(page: number) {
    return `${this.origins[page % this.origins.length]}/p/${page}`;
  }

  /** Changes the given pages (their next answer differs in content, not only in noise). */
  flip(pages: Iterable<number>) {
    for (const p of pages) this.version.set(p, (this.version.get(p) ?? 0) + 1);
  }

  close() {
    return Promise.all(
      this.servers.map((s) => {
        s.closeAllConnections();
        return new Promise<void>((r) => s.close(() => r()));
      }),
    );
  }
}
