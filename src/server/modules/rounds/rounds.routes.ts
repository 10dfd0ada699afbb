import { z } from "zod";
import {
  BallotSchema,
  CastRatingsSchema,
  ClosePreviewSchema,
  CreateRoundSchema,
  RoundDetailSchema,
  RoundQuerySchema,
  RoundResultsSchema,
  RoundSchema,
  UpdateRoundSchema,
} from "../../../shared/ideas.schemas.ts";
import type { RouteDeps, ZodApp } from "../../app.ts";
import { conflict } from "../../errors.ts";
import { WsIdParams, WsParams } from "../../lib/params.ts";
import { wsOf } from "../../plugins/auth.ts";
import { ErrorResponse } from "../../plugins/openapi.ts";
import { closePreview, roundResults } from "./results.service.ts";
import {
  castRatings,
  closeIfDue,
  closeRound,
  createRound,
  getBallot,
  getRound,
  listRounds,
  updateRound,
} from "./rounds.service.ts";

const tags = ["rounds"];
const Progress = z.object({
  saved: z.number().int(),
  progress: z.object({ done: z.number().int(), total: z.number().int() }),
});

export function roundRoutes(app: ZodApp, { db, clock, config }: RouteDeps) {
  app.get(
    "/workspaces/:wid/rounds",
    {
      config: { auth: "rounds.read" },
      schema: {
        tags,
        summary: "Scoring rounds, open ones first",
        params: WsParams,
        querystring: RoundQuerySchema,
        response: { 200: z.object({ items: z.array(RoundSchema) }) },
      },
    },
    async (req) => listRounds(db, wsOf(req), req.query),
  );
  app.post(
    "/workspaces/:wid/rounds",
    {
      config: { auth: "rounds.manage" },
      schema: {
        tags,
        summary: "Open a scoring round",
        params: WsParams,
        body: CreateRoundSchema,
        response: { 201: RoundDetailSchema },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await db.transaction((tx) => createRound(tx, wsOf(req), req.body, clock, config.publicUrl))),
  );
  app.get(
    "/workspaces/:wid/rounds/:id",
    {
      config: { auth: "rounds.read" },
      schema: {
        tags,
        summary: "A round with its ideas, voters, factors and progress",
        params: WsIdParams,
        response: { 200: RoundDetailSchema },
      },
    },
    async (req) => {
      await closeIfDue(db, wsOf(req), req.params.id, clock, config.publicUrl);
      return getRound(db, wsOf(req), req.params.id);
    },
  );
  app.patch(
    "/workspaces/:wid/rounds/:id",
    {
      config: { auth: "rounds.manage" },
      schema: {
        tags,
        summary: "Edit an open round",
        params: WsIdParams,
        body: UpdateRoundSchema,
        response: { 200: RoundDetailSchema },
      },
    },
    async (req) => {
      await closeIfDue(db, wsOf(req), req.params.id, clock, config.publicUrl);
      return db.transaction((tx) => updateRound(tx, wsOf(req), req.params.id, req.body, clock));
    },
  );
  app.get(
    "/workspaces/:wid/rounds/:id/close-preview",
    {
      config: { auth: "rounds.manage" },
      schema: {
        tags,
        summary: "What closing the round would do: ideas whose score and rank change (nothing is written)",
        params: WsIdParams,
        response: { 409: ErrorResponse, 200: ClosePreviewSchema },
      },
    },
    async (req) => closePreview(db, wsOf(req), req.params.id),
  );
  app.post(
    "/workspaces/:wid/rounds/:id/close",
    {
      config: { auth: "rounds.manage" },
      schema: {
        tags,
        summary: "Close a round now; its results become the ideas' scores",
        params: WsIdParams,
        response: { 409: ErrorResponse, 200: RoundDetailSchema },
      },
    },
    async (req) => {
      await closeIfDue(db, wsOf(req), req.params.id, clock, config.publicUrl);
      const closed = await db.transaction((tx) =>
        closeRound(tx, wsOf(req), req.params.id, "manual", { clock, publicUrl: config.publicUrl }),
      );
      if (!closed) throw conflict("The round is already closed");
      return getRound(db, wsOf(req), req.params.id);
    },
  );
  app.get(
    "/workspaces/:wid/rounds/:id/ballot",
    {
      config: { auth: "rounds.vote" },
      schema: {
        tags,
        summary: "My ratings (and everyone's when the round shows them)",
        params: WsIdParams,
        response: { 200: BallotSchema },
      },
    },
    async (req) => getBallot(db, wsOf(req), req.params.id),
  );
  app.put(
    "/workspaces/:wid/rounds/:id/ratings",
    {
      config: { auth: "rounds.vote" },
      schema: {
        tags,
        summary: "Rate or abstain (one cell or many; all or nothing)",
        params: WsIdParams,
        body: CastRatingsSchema,
        response: { 409: ErrorResponse, 200: Progress },
      },
    },
    async (req) => castRatings(db, wsOf(req), req.params.id, req.body, clock),
  );
  app.get(
    "/workspaces/:wid/rounds/:id/results",
    {
      config: { auth: "rounds.read" },
      schema: {
        tags,
        summary: "Results: scores, means, participation, spread, outliers, arithmetic",
        params: WsIdParams,
        response: { 200: RoundResultsSchema },
      },
    },
    async (req) => {
      await closeIfDue(db, wsOf(req), req.params.id, clock, config.publicUrl);
      return roundResults(db, wsOf(req), req.params.id);
    },
  );
}
