import type { FastifyInstance, FastifyReply } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { Config } from "./config.ts";
import type { Database } from "./db/client.ts";
import type { Clock } from "./lib/clock.ts";

// The app's types, which every module's routes take. buildApp() (build.ts) wires the modules into one Fastify
// app; it lives apart so a module importing these types never imports every other module back.

export interface AppDeps {
  database: Database;
  config: Config;
  clock?: Clock;
}

export type App = FastifyInstance;
export type Api = ReturnType<FastifyInstance["withTypeProvider"]> & ReturnType<typeof typed>;
const typed = (app: FastifyInstance) => app.withTypeProvider<ZodTypeProvider>();
export interface RouteDeps {
  db: Database["db"];
  database: Database;
  config: Config;
  clock: Clock;
}

export type ZodApp = ReturnType<typeof typed>;

/**
 * Sends a body as it is: JSON text the service already serialized through the route's response schema (or its
 * gzip bytes), or a file's bytes. Fastify passes strings and buffers through unserialized; the route's typed
 * reply only takes the schema's object, so this is the one place that widens it.
 */
export const sendRaw = (reply: FastifyReply, body: string | Buffer) => reply.send(body);
