import { z } from "zod";
import {
  CapacityGridSchema,
  CapacityQuerySchema,
  CapacitySettingsSchema,
  CreateTimeOffSchema,
  MonthSchema,
  PutCapacitySchema,
  TimeOffSchema,
} from "../../../shared/roadmap.schemas.ts";
import { addMonths } from "../../../shared/roadmap.ts";
import type { RouteDeps, ZodApp } from "../../app.ts";
import { WsIdParams, WsParams } from "../../lib/params.ts";
import { wsOf } from "../../plugins/auth.ts";
import { NoContent } from "../../plugins/openapi.ts";
import {
  createTimeOff,
  deleteTimeOff,
  getCapacitySettings,
  listTimeOff,
  putCapacity,
  setCapacitySettings,
} from "./capacity.service.ts";
import { capacityGrid } from "./load.service.ts";

const tags = ["capacity"];

export function capacityRoutes(app: ZodApp, { db }: RouteDeps) {
  app.get(
    "/workspaces/:wid/capacity",
    {
      config: { auth: "roadmaps.read" },
      schema: {
        tags,
        summary:
          "Team × month capacity (derived from people, or set by hand) with the load planned across roadmaps",
        params: WsParams,
        querystring: CapacityQuerySchema,
        response: { 200: CapacityGridSchema },
      },
    },
    async (req) => capacityGrid(db, wsOf(req).workspaceId, req.query.from, req.query.months),
  );
  app.put(
    "/workspaces/:wid/capacity",
    {
      config: { auth: "capacity.write" },
      bodyLimit: 1024 * 1024,
      schema: {
        tags,
        summary: "Set team capacities by hand (capacity null returns a cell to its derived value)",
        params: WsParams,
        body: PutCapacitySchema,
        response: { 204: NoContent },
      },
    },
    async (req, reply) => {
      await db.transaction((tx) => putCapacity(tx, wsOf(req), req.body));
      return reply.status(204).send();
    },
  );
  app.get(
    "/workspaces/:wid/capacity/settings",
    {
      config: { auth: "roadmaps.read" },
      schema: { tags, summary: "Capacity unit", params: WsParams, response: { 200: CapacitySettingsSchema } },
    },
    async (req) => getCapacitySettings(db, wsOf(req).workspaceId),
  );
  app.put(
    "/workspaces/:wid/capacity/settings",
    {
      config: { auth: "capacity.write" },
      schema: {
        tags,
        summary: "Choose the capacity unit (person-days or points) and points per person-month",
        params: WsParams,
        body: CapacitySettingsSchema,
        response: { 200: CapacitySettingsSchema },
      },
    },
    async (req) => db.transaction((tx) => setCapacitySettings(tx, wsOf(req), req.body)),
  );
  app.get(
    "/workspaces/:wid/time-off",
    {
      config: { auth: "roadmaps.read" },
      schema: {
        tags,
        summary: "Time off overlapping a window of months",
        params: WsParams,
        querystring: z.object({
          from: MonthSchema,
          months: z.coerce.number().int().min(1).max(36).default(12),
        }),
        response: { 200: z.object({ items: z.array(TimeOffSchema) }) },
      },
    },
    async (req) => ({
      items: await listTimeOff(
        db,
        wsOf(req).workspaceId,
        req.query.from,
        addMonths(req.query.from, req.query.months),
      ),
    }),
  );
  app.post(
    "/workspaces/:wid/time-off",
    {
      config: { auth: "capacity.write" },
      schema: {
        tags,
        summary: "Record time off (reduces the capacity of every team the person is in)",
        params: WsParams,
        body: CreateTimeOffSchema,
        response: { 201: TimeOffSchema },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await db.transaction((tx) => createTimeOff(tx, wsOf(req), req.body))),
  );
  app.delete(
    "/workspaces/:wid/time-off/:id",
    {
      config: { auth: "capacity.write" },
      schema: { tags, summary: "Delete time off", params: WsIdParams, response: { 204: NoContent } },
    },
    async (req, reply) => {
      await db.transaction((tx) => deleteTimeOff(tx, wsOf(req), req.params.id));
      return reply.status(204).send();
    },
  );
}
