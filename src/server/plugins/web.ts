import { existsSync } from "node:fs";
import path from "node:path";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance } from "fastify";

/** Serves the built web app, with index.html for every non-API path (client-side routing). */
export async function registerWeb(app: FastifyInstance, webDir: string) {
  const index = path.join(webDir, "index.html");
  if (!existsSync(index)) {
    app.get("/", (_req, reply) =>
      reply.type("text/plain").send("Baton's API is running. Build the web app with `npm run build:web`."),
    );
    return;
  }
  await app.register(fastifyStatic, {
    root: webDir,
    wildcard: false,
    index: false,
    preCompressed: true, // .br/.gz written by scripts/compress-web.mjs
    setHeaders(reply, file) {
      // Hashed assets never change; the shell must always be fresh.
      reply.header(
        "Cache-Control",
        file.includes(`${path.sep}assets${path.sep}`) ? "public, max-age=31536000, immutable" : "no-cache",
      );
    },
  });
  app.get("/*", (req, reply) => {
    // A missing asset is a 404, never the HTML shell (a stale tab must not parse HTML as JS).
    if (req.url.startsWith("/api/") || req.url.startsWith("/assets/")) {
      return reply
        .status(404)
        .send({ error: { code: "not_found", message: `No route GET ${req.url.split("?")[0]}` } });
    }
    return reply.header("Cache-Control", "no-cache").sendFile("index.html");
  });
}
