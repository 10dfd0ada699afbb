import { rmSync } from "node:fs";

/** Removes the throwaway data directory the journeys' server used (after Playwright stopped it). */
export default function teardown() {
  const dir = process.env.BATON_E2E_DATA_DIR;
  if (dir?.includes("baton-e2e-")) rmSync(dir, { recursive: true, force: true });
}
