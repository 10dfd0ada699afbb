/** The one error type of the server; the error handler maps it to HTTP. */
export type ErrorCode =
  | "validation"
  | "unauthenticated"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "rate_limited"
  | "payload_too_large"
  | "csrf"
  | "internal";

const STATUS: Record<ErrorCode, number> = {
  validation: 400,
  unauthenticated: 401,
  forbidden: 403,
  csrf: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  internal: 500,
};

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message);
    this.status = STATUS[code];
  }
}

export const notFound = (what = "Resource") => new AppError("not_found", `${what} not found`);
/** A referenced id (from a body or query) that this workspace does not have: 404 naming the field. */
export const notFoundField = (field: string, detail = "not found") =>
  new AppError("not_found", "A referenced record was not found", { [field]: detail });
export const forbidden = (message = "You do not have permission to do this") =>
  new AppError("forbidden", message);
export const conflict = (message: string, fields?: Record<string, string>) =>
  new AppError("conflict", message, fields);
export const invalid = (fields: Record<string, string>, message = "Some fields are invalid") =>
  new AppError("validation", message, fields);
export const staleVersion = (what: string) =>
  new AppError("conflict", `${what} was changed by someone else; reload it and try again`, {
    version: "stale version",
  });
