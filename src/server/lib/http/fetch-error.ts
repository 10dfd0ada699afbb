/** Why a guarded fetch failed (guarded-fetch.ts). */
export type FetchErrorCode =
  | "bad_url" // not http(s), credentials in the URL, a refused port, a bad redirect Location
  | "blocked_address" // resolves to a loopback, private, link-local, reserved or metadata address
  | "too_many_redirects"
  | "redirect_loop"
  | "too_large" // body (after decompression) over maxBytes
  | "timeout" // total time or an idle gap over its limit
  | "network" // DNS failure, refused connection, reset, TLS error
  | "bad_response"; // undecodable Content-Encoding or corrupt compressed body

/** A failed fetch; `code` and `message` are safe to store and show as a source's error state. */
export class FetchError extends Error {
  override readonly name = "FetchError";
  constructor(
    readonly code: FetchErrorCode,
    message: string,
    readonly url?: string,
  ) {
    super(message);
  }
}
