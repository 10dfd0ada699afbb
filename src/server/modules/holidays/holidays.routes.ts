import { z } from "zod";
import {
  CreateHolidayCalendarSchema,
  CreateHolidaySchema,
  HolidayCalendarSchema,
  HolidayCalendarsSchema,
  HolidaySchema,
  HolidaysQuerySchema,
  ICS_MAX_CHARS,
  ImportIcsResultSchema,
  ImportIcsSchema,
  SetTeamCalendarSchema,
  UpdateHolidayCalendarSchema,
  UpdateHolidaySchema,
} from "../../../shared/holidays.schemas.ts";
import type { RouteDeps, ZodApp } from "../../app.ts";
import { WsIdParams, WsParams } from "../../lib/params.ts";
import { wsOf } from "../../plugins/auth.ts";
import { ErrorResponse, NoContent } from "../../plugins/openapi.ts";
import {
  createCalendar,
  createHoliday,
  deleteCalendar,
  deleteHoliday,
  importIcs,
  listCalendars,
  listHolidays,
  setTeamCalendar,
  updateCalendar,
  updateHoliday,
} from "./holidays.service.ts";

const tags = ["capacity"];

/** Holiday calendars: public holidays that capacity loses (docs/ROADMAP.md, "Public holidays"). */
export function holidayRoutes(app: ZodApp, { db, clock }: RouteDeps) {
  app.get(
    "/workspaces/:wid/holiday-calendars",
    {
      config: { auth: "roadmaps.read" },
      schema: {
        tags,
        summary: "Holiday calendars, and the calendar each team follows",
        params: WsParams,
        response: { 200: HolidayCalendarsSchema },
      },
    },
    async (req) => listCalendars(db, wsOf(req).workspaceId),
  );
  app.post(
    "/workspaces/:wid/holiday-calendars",
    {
      config: { auth: "capacity.write" },
      schema: {
        tags,
        summary:
          "Create a holiday calendar (the first one is the workspace default; 409 when the name is taken)",
        params: WsParams,
        body: CreateHolidayCalendarSchema,
        response: { 201: HolidayCalendarSchema, 409: ErrorResponse },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await db.transaction((tx) => createCalendar(tx, wsOf(req), req.body))),
  );
  app.patch(
    "/workspaces/:wid/holiday-calendars/:id",
    {
      config: { auth: "capacity.write" },
      schema: {
        tags,
        summary: "Rename a holiday calendar or make it the workspace default (409 when the name is taken)",
        params: WsIdParams,
        body: UpdateHolidayCalendarSchema,
        response: { 200: HolidayCalendarSchema, 409: ErrorResponse },
      },
    },
    async (req) => db.transaction((tx) => updateCalendar(tx, wsOf(req), req.params.id, req.body)),
  );
  app.delete(
    "/workspaces/:wid/holiday-calendars/:id",
    {
      config: { auth: "capacity.write" },
      schema: {
        tags,
        summary: "Delete a holiday calendar and its holidays (its teams follow the default)",
        params: WsIdParams,
        response: { 204: NoContent },
      },
    },
    async (req, reply) => {
      await db.transaction((tx) => deleteCalendar(tx, wsOf(req), req.params.id));
      return reply.status(204).send();
    },
  );
  app.get(
    "/workspaces/:wid/holiday-calendars/:id/holidays",
    {
      config: { auth: "roadmaps.read" },
      schema: {
        tags,
        summary: "A calendar's holidays by date (overlapping from…to when given; at most 5,000)",
        params: WsIdParams,
        querystring: HolidaysQuerySchema,
        response: { 200: z.object({ items: z.array(HolidaySchema) }) },
      },
    },
    async (req) => ({
      items: await listHolidays(db, wsOf(req).workspaceId, req.params.id, req.query.from, req.query.to),
    }),
  );
  app.post(
    "/workspaces/:wid/holiday-calendars/:id/holidays",
    {
      config: { auth: "capacity.write" },
      schema: {
        tags,
        summary: "Add a holiday (one day, or several up to an end date)",
        params: WsIdParams,
        body: CreateHolidaySchema,
        response: { 201: HolidaySchema },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await db.transaction((tx) => createHoliday(tx, wsOf(req), req.params.id, req.body))),
  );
  app.post(
    "/workspaces/:wid/holiday-calendars/:id/import",
    {
      config: { auth: "capacity.write" },
      bodyLimit: ICS_MAX_CHARS * 2 + 1024,
      schema: {
        tags,
        summary:
          "Import an iCalendar (.ics) file: whole-day events, yearly repeats expanded; all or nothing, re-imports update in place",
        params: WsIdParams,
        body: ImportIcsSchema,
        response: { 200: ImportIcsResultSchema },
      },
    },
    async (req) =>
      db.transaction((tx) =>
        importIcs(tx, wsOf(req), req.params.id, req.body, clock.now().toISOString().slice(0, 10)),
      ),
  );
  app.patch(
    "/workspaces/:wid/holidays/:id",
    {
      config: { auth: "capacity.write" },
      schema: {
        tags,
        summary: "Change a holiday's dates or name",
        params: WsIdParams,
        body: UpdateHolidaySchema,
        response: { 200: HolidaySchema },
      },
    },
    async (req) => db.transaction((tx) => updateHoliday(tx, wsOf(req), req.params.id, req.body)),
  );
  app.delete(
    "/workspaces/:wid/holidays/:id",
    {
      config: { auth: "capacity.write" },
      schema: { tags, summary: "Delete a holiday", params: WsIdParams, response: { 204: NoContent } },
    },
    async (req, reply) => {
      await db.transaction((tx) => deleteHoliday(tx, wsOf(req), req.params.id));
      return reply.status(204).send();
    },
  );
  app.put(
    "/workspaces/:wid/team-calendars/:id",
    {
      config: { auth: "capacity.write" },
      schema: {
        tags,
        summary: "Choose the holiday calendar a team follows (null: the workspace default)",
        params: WsIdParams,
        body: SetTeamCalendarSchema,
        response: { 204: NoContent },
      },
    },
    async (req, reply) => {
      await db.transaction((tx) => setTeamCalendar(tx, wsOf(req), req.params.id, req.body.calendarId));
      return reply.status(204).send();
    },
  );
}
