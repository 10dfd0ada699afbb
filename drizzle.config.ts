import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "postgresql",
  schema: [
    "./src/server/db/schema.ts",
    "./src/server/db/schema.roadmap.ts",
    "./src/server/db/schema.signoff.ts",
    "./src/server/db/schema.feedback.ts",
    "./src/server/db/schema.sources.ts",
    "./src/server/db/schema.loop.ts",
    "./src/server/db/schema.mail-in.ts",
    "./src/server/db/schema.history.ts",
    "./src/server/db/schema.themes.ts",
    "./src/server/db/schema.competitors.ts",
    "./src/server/db/schema.holidays.ts",
  ],
  out: "./src/server/db/migrations",
});
