import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";

/**
 * The browsable API reference (Scalar) at /api/v1/docs. Its package is a 4 MB bundle that costs
 * ~0.5 s to import, so it is loaded on the first visit, in a small Fastify instance of its own that
 * the main app forwards to — start-up doesn't pay for a page most users never open.
 */
export function registerDocs(app: FastifyInstance) {
  let docs: Promise<FastifyInstance> | null = null;
  const load = async () => {
    const scalar = (await import("@scalar/fastify-api-reference")).default;
    const f = Fastify({ logger: false });
    await f.register(scalar, { routePrefix: "/api/v1/docs", configuration: { url: "/api/v1/openapi.json" } });
    await f.ready();
    return f;
  };
  const forward = async (req: FastifyRequest, reply: FastifyReply) => {
    docs ??= load();
    const res = await (await docs).inject({
      method: "GET",
      url: req.url,
      headers: { accept: req.headers.accept ?? "*/*" },
    });
    const type = res.headers["content-type"];
    if (type) reply.type(String(type));
    for (const h of ["cache-control", "location"]) {
      const v = res.headers[h];
      if (v) reply.header(h, String(v));
    }
    return reply.status(res.statusCode).send(res.rawPayload);
  };
  const opts = { config: { auth: "public" as const }, schema: { hide: true } };
  app.get("/api/v1/docs", opts, forward);
  app.get("/api/v1/docs/*", opts, forward);
}
