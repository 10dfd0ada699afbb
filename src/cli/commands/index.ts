import type { Command } from "commander";
import { registerStart } from "./start.ts";

export function registerCommands(program: Command) {
  registerStart(program);
}
