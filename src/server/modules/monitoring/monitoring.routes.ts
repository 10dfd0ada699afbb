import { z } from "zod";
import {
  CheckAllResultSchema,
  CheckAllSchema,
  CheckResultSchema,
  CreateMonitorSchema,
  MonitorListSchema,
  MonitorOverviewQuerySchema,
  MonitorOverviewSchema,
  MonitorSchema,
  UpdateMonitorSchema,
} from "../../../shared/monitoring.schemas.ts";
import type { RouteDeps, ZodApp } from "../../app.ts";
import { WsParams } from "../../lib/params.ts";
import { wsOf } from "../../plugins/auth.ts";
import { ErrorResponse, NoContent } from "../../plugins/openapi.ts";
import { checkNow } from "./monitoring.check.ts";
import {
  checkAll,
  createMonitor,
  deleteMonitor,
  getMonitor,
  listMonitors,
  monitorOverview,
  updateMonitor,
} from "./monitoring.service.ts";

const tags = ["monitoring"];
const CompetitorParams = WsParams.extend({ id: z.uuid() });
const MonitorParams = CompetitorParams.extend({ mid: z.uuid() });

/** Monitored sources of competitors (docs/COMPETITORS.md "Monitoring"): settings, health, check now. */
export function monitorRoutes(app: ZodApp, { db, clock, config }: RouteDeps) {
  const base = "/workspaces/:wid/competitors/:id/monitors";
  app.get(
    base,
    {
      config: { auth: "competitors.read" },
      schema: {
        tags,
        summary:
          "A competitor's monitored sources with their health (last check, change, error, failures in a row)",
        params: CompetitorParams,
        response: { 200: MonitorListSchema },
      },
    },
    async (req) => listMonitors(db, wsOf(req).workspaceId, req.params.id, clock),
  );
  app.post(
    base,
    {
      config: { auth: "competitors.manage" },
      schema: {
        tags,
        summary:
          "Add a monitor (web page, feed, sitemap, JSON endpoint, GitHub releases, App Store listing); its first check runs soon",
        params: CompetitorParams,
        body: CreateMonitorSchema,
        response: { 201: MonitorSchema },
      },
    },
    async (req, reply) => {
      const m = await db.transaction((tx) => createMonitor(tx, wsOf(req), req.params.id, req.body, clock));
      return reply.status(201).send(m);
    },
  );
  app.get(
    `${base}/:mid`,
    {
      config: { auth: "competitors.read" },
      schema: {
        tags,
        summary: "A monitor and its health",
        params: MonitorParams,
        response: { 200: MonitorSchema },
      },
    },
    async (req) => getMonitor(db, wsOf(req).workspaceId, req.params.id, req.params.mid, clock),
  );
  app.patch(
    `${base}/:mid`,
    {
      config: { auth: "competitors.manage" },
      schema: {
        tags,
        summary:
          "Change a monitor (send the version you read): name, address, schedule, threshold, enabled (pause), config (checked against its kind)",
        params: MonitorParams,
        body: UpdateMonitorSchema,
        response: { 200: MonitorSchema },
      },
    },
    async (req) =>
      db.transaction((tx) => updateMonitor(tx, wsOf(req), req.params.id, req.params.mid, req.body, clock)),
  );
  app.delete(
    `${base}/:mid`,
    {
      config: { auth: "competitors.manage" },
      schema: {
        tags,
        summary: "Delete a monitor with its snapshots and detected changes",
        params: MonitorParams,
        response: { 204: NoContent },
      },
    },
    async (req, reply) => {
      await db.transaction((tx) => deleteMonitor(tx, wsOf(req), req.params.id, req.params.mid, clock));
      return reply.status(204).send();
    },
  );
  app.post(
    `${base}/:mid/check`,
    {
      config: { auth: "competitors.manage" },
      schema: {
        tags,
        summary:
          "Check now: 200 with the outcome (first, unchanged, not_modified, changed with the change, or the error now recorded); 409 while another check runs",
        params: MonitorParams,
        response: { 200: CheckResultSchema, 409: ErrorResponse },
      },
    },
    async (req) =>
      checkNow(db, wsOf(req).workspaceId, req.params.id, req.params.mid, clock, {
        publicUrl: config.publicUrl,
      }),
  );
  app.get(
    "/workspaces/:wid/monitors",
    {
      config: { auth: "competitors.read" },
      schema: {
        tags,
        summary:
          "Monitor health across the workspace (optionally only failing monitors), oldest first, with counts",
        params: WsParams,
        querystring: MonitorOverviewQuerySchema,
        response: { 200: MonitorOverviewSchema },
      },
    },
    async (req) => monitorOverview(db, wsOf(req).workspaceId, clock, req.query),
  );
  app.post(
    "/workspaces/:wid/monitors/check",
    {
      config: { auth: "competitors.manage" },
      // No body is the whole workspace, as `{}` is.
      preValidation: async (req) => {
        req.body ??= {};
      },
      schema: {
        tags,
        summary:
          "Check now, in bulk: queue a check of every enabled monitor (or one competitor's) that is not already due; 202 with how many",
        params: WsParams,
        body: CheckAllSchema,
        response: { 202: CheckAllResultSchema },
      },
    },
    async (req, reply) => {
      const r = await db.transaction((tx) => checkAll(tx, wsOf(req), req.body, clock));
      return reply.status(202).send(r);
    },
  );
}
