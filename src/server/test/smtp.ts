import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

/** One part of a multipart message: its headers and decoded body. */
export interface ReceivedPart {
  headers: Record<string, string>;
  body: string;
}

/** One message as the SMTP server received it: envelope recipients, headers and the decoded text body. */
export interface ReceivedMail {
  /** performance.now() when the message was complete. */
  at: number;
  to: string[];
  /** Unfolded, with lower-case names. */
  headers: Record<string, string>;
  subject: string;
  /** The text: the whole body, or of a multipart message its text/plain part. */
  body: string;
  /** Of a multipart message: its text/html part (decoded), if any. */
  html?: string;
  /** Of a multipart message: every part (one level). */
  parts?: ReceivedPart[];
  /** The message as it came, CRLF line ends. */
  raw: string;
}

export interface RecordingSmtp {
  url: string;
  received: ReceivedMail[];
  close(): Promise<void>;
}

/** Headers (unfolded, lower-case names) and the text body, quoted-printable or base64 decoded. */
function parse(raw: Buffer | string) {
  const text = typeof raw === "string" ? raw : raw.toString("utf8");
  const split = text.indexOf("\r\n\r\n");
  const headers: Record<string, string> = {};
  for (const line of text
    .slice(0, split)
    .replace(/\r\n[ \t]+/g, " ")
    .split("\r\n")) {
    const i = line.indexOf(":");
    headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
  }
  let body = text.slice(split + 4);
  const cte = headers["content-transfer-encoding"]?.toLowerCase();
  if (cte === "quoted-printable") {
    body = Buffer.from(
      body
        .replace(/=\r\n/g, "")
        .replace(/=([0-9A-F]{2})/gi, (_, h) => String.fromCharCode(Number.parseInt(h, 16))),
      "latin1",
    ).toString("utf8");
  } else if (cte === "base64") body = Buffer.from(body, "base64").toString("utf8");
  return { headers, body: body.replace(/\r\n/g, "\n") };
}

/** A multipart body's parts (one level), each parsed like a message; null when the message is not multipart. */
function multipart(raw: string, contentType: string | undefined): ReceivedPart[] | null {
  const boundary = /^multipart\/[^;]+;.*\bboundary="?([^";]+)"?/i.exec(contentType ?? "")?.[1];
  if (!boundary) return null;
  const body = raw.slice(raw.indexOf("\r\n\r\n") + 4);
  return body
    .split(`--${boundary}`)
    .slice(1)
    .filter((p) => !p.startsWith("--"))
    .map((p) => parse(p.replace(/^\r\n/, "").replace(/\r\n$/, "")));
}

/**
 * A real SMTP server on 127.0.0.1 (no auth, no STARTTLS) that keeps what it receives, for tests and benches.
 * `refuse`, when it returns a message, turns recipients away with a temporary 451.
 */
export async function startRecordingSmtp(
  opts: { refuse?: () => string | null } = {},
): Promise<RecordingSmtp> {
  const received: ReceivedMail[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onRcptTo(_address, _session, cb) {
      const refusal = opts.refuse?.();
      if (!refusal) return cb();
      cb(Object.assign(new Error(refusal), { responseCode: 451 }));
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        const { headers, body } = parse(raw);
        const parts = multipart(raw, headers["content-type"]);
        const of = (type: string) => parts?.find((p) => p.headers["content-type"]?.startsWith(type))?.body;
        received.push({
          at: performance.now(),
          to: session.envelope.rcptTo.map((r) => r.address),
          headers,
          subject: headers.subject ?? "",
          body: parts ? (of("text/plain") ?? "") : body,
          ...(parts ? { html: of("text/html"), parts } : {}),
          raw,
        });
        cb();
      });
    },
  });
  // Clients may drop without QUIT (a killed Baton, a pooled connection timing out): not the server's failure.
  smtp.on("error", () => {});
  await new Promise<void>((r) => smtp.listen(0, "127.0.0.1", r));
  return {
    url: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`,
    received,
    close: () => new Promise<void>((r) => smtp.close(() => r())),
  };
}
