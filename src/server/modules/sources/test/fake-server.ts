import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local stand-in for an outside service on 127.0.0.1: a route function answers with the service's
 * documented shapes; faults queued with `fault()` answer the next requests instead (429 with Retry-After,
 * 500, a malformed body, a slow answer), the way the real services misbehave.
 */
export interface Fault {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  delayMs?: number;
}

export interface Answer {
  status?: number;
  headers?: Record<string, string>;
  body: string;
}

export class FakeServer {
  readonly requests: { url: URL; method: string; headers: IncomingMessage["headers"]; body: string }[] = [];
  private readonly faults: Fault[] = [];
  private server!: http.Server;
  origin = "";

  constructor(private readonly route: (url: URL, req: IncomingMessage, body: string) => Answer | null) {}

  async start() {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((r) => this.server.listen(0, "127.0.0.1", r));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** The next request gets this answer instead of the route's. */
  fault(f: Fault) {
    this.faults.push(f);
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", this.origin);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    this.requests.push({ url, method: req.method ?? "GET", headers: req.headers, body });
    const f = this.faults.shift();
    if (f?.delayMs) await new Promise((r) => setTimeout(r, f.delayMs));
    if (f && (f.status !== undefined || f.body !== undefined)) {
      res.writeHead(f.status ?? 200, { "content-type": "application/json", ...f.headers });
      res.end(f.body ?? JSON.stringify({ error: "fault" }));
      return;
    }
    const a = this.route(url, req, body);
    if (!a) {
      res.writeHead(404, { "content-type": "application/json" });
      res.end('{"error":"Not Found"}');
      return;
    }
    res.writeHead(a.status ?? 200, { "content-type": "application/json; charset=utf-8", ...a.headers });
    res.end(a.status === 304 ? undefined : a.body);
  }

  close() {
    this.server.closeAllConnections();
    return new Promise<void>((r) => this.server.close(() => r()));
  }
}
