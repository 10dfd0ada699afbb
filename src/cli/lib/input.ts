import { randomBytes } from "node:crypto";
import type { z } from "zod";
import { AppError, invalid } from "../../server/errors.ts";

/** Validates command options with a shared schema; errors name the option (`--email: …`). */
export function parseOptions<S extends z.ZodType>(schema: S, values: unknown): z.output<S> {
  const parsed = schema.safeParse(values);
  if (parsed.success) return parsed.data;
  const fields: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const key = issue.path.length
      ? `--${String(issue.path[0]).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`
      : "options";
    fields[key] ??= issue.message;
  }
  throw invalid(fields, "Some options are invalid");
}

/** All of stdin as text (for --password-stdin and `import -`). */
export async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write("(reading from standard input; end with Ctrl-D)\n");
  const parts: Buffer[] = [];
  for await (const chunk of process.stdin) parts.push(chunk as Buffer);
  return Buffer.concat(parts).toString("utf8");
}

/** The password from --password or --password-stdin (one trailing newline dropped), or undefined. */
export async function passwordOption(o: { password?: string; passwordStdin?: boolean }) {
  if (o.password !== undefined && o.passwordStdin) {
    throw invalid({ "--password": "give --password or --password-stdin, not both" });
  }
  if (o.passwordStdin) return (await readStdin()).replace(/\r?\n$/, "");
  return o.password;
}

/** A strong password that is easy to copy: 24 URL-safe characters (144 bits). */
export const generatePassword = () => randomBytes(18).toString("base64url");

/** Renames a service error's fields to the options that set them (`slug` → `--slug`); other errors pass. */
export function asOptionError(err: unknown, options: string[]): never {
  if (err instanceof AppError && err.fields) {
    const fields = Object.fromEntries(
      Object.entries(err.fields).map(([k, v]) => [options.includes(k) ? `--${k}` : k, v]),
    );
    throw new AppError(err.code, err.message, fields);
  }
  throw err;
}
