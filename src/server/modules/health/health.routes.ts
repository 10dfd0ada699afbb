import { z } from "zod";
import { ROLES } from "../../../shared/enums.ts";
import { PERMISSION_DESCRIPTIONS, PERMISSIONS, type Permission } from "../../../shared/permissions.ts";
import { HealthSchema } from "../../../shared/schemas.ts";
import type { RouteDeps, ZodApp } from "../../app.ts";
import { migrationLevel } from "../../db/migrate.ts";
import { VERSION } from "../../version.ts";
import { isSetupRequired } from "../auth/auth.service.ts";

export function healthRoutes(app: ZodApp, { database }: RouteDeps) {
  let setupDone = false; // once set up, always set up: skip the count on every probe
  app.get(
    "/health",
    {
      config: { auth: "public" },
      schema: {
        tags: ["system"],
        summary: "Liveness, version and database state",
        response: { 200: HealthSchema },
      },
    },
    async () => {
      const level = await migrationLevel(database);
      if (!setupDone) setupDone = !(await isSetupRequired(database.db));
      return {
        status: "ok" as const,
        version: VERSION,
        database: database.kind,
        migration: level,
        setupRequired: !setupDone,
      };
    },
  );

  app.get(
    "/permissions",
    {
      config: { auth: "public" },
      schema: {
        tags: ["system"],
        summary: "The role × permission matrix",
        response: {
          200: z.object({
            roles: z.array(z.enum(ROLES)).readonly(),
            permissions: z.array(
              z.object({
                key: z.string(),
                description: z.string(),
                roles: z.array(z.enum(ROLES)).readonly(),
              }),
            ),
          }),
        },
      },
    },
    async () => ({
      roles: ROLES,
      permissions: (Object.keys(PERMISSIONS) as Permission[]).map((key) => ({
        key,
        description: PERMISSION_DESCRIPTIONS[key],
        roles: PERMISSIONS[key],
      })),
    }),
  );
}
