import { rmSync } from "node:fs";
import { templatesDir } from "./helpers.ts";

/** Removes the throwaway data directory the journeys' server used (after Playwright stopped it), and the templates. */
export default function teardown() {
  const dir = process.env.BATON_E2E_DATA_DIR;
  if (!dir?.includes("baton-e2e-")) return;
  rmSync(dir, { recursive: true, force: true });
  rmSync(templatesDir(dir), { recursive: true, force: true });
}
