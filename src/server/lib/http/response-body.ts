import type { IncomingMessage } from "node:http";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import zlib from "node:zlib";
import { FetchError } from "./fetch-error.ts";

/** Reads the body through its decoders, stopping as soon as the raw or decoded size passes the cap. */
export async function readBody(
  res: IncomingMessage,
  url: URL,
  maxBytes: number,
  signal: AbortSignal,
): Promise<Buffer> {
  const tooLarge = () => new FetchError("too_large", `The answer is larger than ${mib(maxBytes)}`, url.href);
  const encodings = (res.headers["content-encoding"] ?? "")
    .split(",")
    .map((e) => e.trim().toLowerCase())
    .filter((e) => e && e !== "identity");
  if (encodings.length === 0 && Number(res.headers["content-length"] ?? 0) > maxBytes) throw tooLarge();
  const decoders = encodings.reverse().map((e) => {
    if (e === "gzip" || e === "x-gzip" || e === "deflate") return zlib.createUnzip(); // gzip or zlib, by header
    if (e === "br") return zlib.createBrotliDecompress();
    throw new FetchError("bad_response", `Unsupported Content-Encoding "${e}"`, url.href);
  });
  let raw = 0;
  const countRaw = new Transform({
    transform(chunk: Buffer, _enc, done) {
      raw += chunk.length;
      done(raw > maxBytes ? tooLarge() : null, chunk);
    },
  });
  const chunks: Buffer[] = [];
  let size = 0;
  let overflow = false;
  try {
    await pipeline(
      res,
      countRaw,
      ...decoders,
      async (source: AsyncIterable<Buffer>) => {
        for await (const chunk of source) {
          size += chunk.length;
          overflow = size > maxBytes;
          if (overflow) break;
          chunks.push(chunk);
        }
      },
      { signal },
    );
  } catch (e) {
    // Leaving the loop early destroys the decoders and the response (pipeline then reports an abort).
    throw overflow ? tooLarge() : signal.aborted ? signal.reason : e;
  }
  return Buffer.concat(chunks, size);
}

/** Decodes a body: BOM first, then Content-Type's charset, then an XML or HTML declaration; UTF-8 by default. */
export function decodeText(body: Buffer, contentType: string | null | undefined): string {
  let label: string | undefined;
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) label = "utf-8";
  else if (body[0] === 0xfe && body[1] === 0xff) label = "utf-16be";
  else if (body[0] === 0xff && body[1] === 0xfe) label = "utf-16le";
  label ??= /charset\s*=\s*["']?([\w.:-]+)/i.exec(contentType ?? "")?.[1];
  if (!label) {
    const head = body.subarray(0, 1024).toString("latin1");
    label = (/<\?xml[^>]*encoding\s*=\s*["']([\w.:-]+)["']/i.exec(head) ??
      /<meta[^>]*charset\s*=\s*["']?([\w.:-]+)/i.exec(head))?.[1];
  }
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label ?? "utf-8");
  } catch {
    decoder = new TextDecoder("utf-8"); // an unknown label
  }
  // Node 20 decodes windows-1252 (what "latin1" and "iso-8859-1" mean on the web) as ISO-8859-1,
  // leaving 0x80–0x9F as control characters instead of € ‚ ƒ „ … ™.
  if (decoder.encoding !== "windows-1252") return decoder.decode(body);
  return body.toString("latin1").replace(/[\x80-\x9f]/g, (c) => WINDOWS_1252[c.charCodeAt(0) - 0x80] ?? c);
}

/** windows-1252 bytes 0x80–0x9F (WHATWG Encoding); the five unassigned ones stay as they are. */
const WINDOWS_1252 = [..."€\x81‚ƒ„…†‡ˆ‰Š‹Œ\x8dŽ\x8f\x90‘’“”•–—˜™š›œ\x9džŸ"];

const mib = (bytes: number) => `${Math.round((bytes / 1048576) * 10) / 10} MiB`;
