// The throughput ceiling: a minimal Fastify 5 app with one JSON route, run as a child process like Baton.
// Same logger level as Baton under the bench, no plugins, no database, no schema; a product-sized body.
import Fastify from "fastify";

const port = Number(process.env.PORT ?? 0);
const app = Fastify({ logger: { level: process.env.LOG_LEVEL ?? "warn" } });

app.get("/product", async () => ({
  id: "0194f1a2-7c3b-7d2e-9a41-5b6c7d8e9f01",
  name: "Product 6",
  description:
    "Helps small teams collect customer evidence, score requests with stakeholders and publish a SMART roadmap. " +
    "Owned by the platform group; integrates with the support desk and the billing system.",
  stage: "idea",
  managerId: "0194f1a2-7c3b-7d2e-9a41-5b6c7d8e9f02",
  managerName: "Member 2",
  createdAt: new Date().toISOString(),
  updatedAt: new Date().toISOString(),
  version: 1,
}));

const shutdown = () => void app.close().then(() => process.exit(0));
process.once("SIGTERM", shutdown);
process.once("SIGINT", shutdown);
await app.listen({ port, host: "127.0.0.1" });
console.log(`bare ready on ${port}`);
