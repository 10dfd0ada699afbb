// A real SMTP server in the bench process on 127.0.0.1 that records when each message arrived (as in
// src/server/signoff.durability.test.ts: no auth, no STARTTLS).
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { sleep } from "../lib/proc.ts";

export interface Received {
  at: number;
  to: string[];
  subject: string;
}

export interface RecordingSmtp {
  url: string;
  received: Received[];
  /** Resolves when `pred` holds for `count` messages received at or after `since`, or rejects after `timeoutMs`. */
  waitFor(
    pred: (m: Received) => boolean,
    count: number,
    since: number,
    timeoutMs: number,
  ): Promise<Received[]>;
  /** Waits until nothing has arrived for `quietMs` (at most `maxMs`); returns how many arrived meanwhile. */
  drain(quietMs: number, maxMs: number): Promise<number>;
  close(): Promise<void>;
}

export async function startSmtp(): Promise<RecordingSmtp> {
  const received: Received[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const at = performance.now();
        const raw = Buffer.concat(chunks).toString("utf8");
        const head = raw.slice(0, raw.indexOf("\r\n\r\n")).replace(/\r\n[ \t]+/g, " ");
        const subject = /^subject: (.*)$/im.exec(head)?.[1]?.trim() ?? "";
        received.push({ at, to: session.envelope.rcptTo.map((r) => r.address), subject });
        cb();
      });
    },
  });
  smtp.on("error", () => {}); // a stopped Baton drops its pooled connections (ECONNRESET): not the bench's error
  await new Promise<void>((r) => smtp.listen(0, "127.0.0.1", r));
  const url = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
  return {
    url,
    received,
    async waitFor(pred, count, since, timeoutMs) {
      const deadline = performance.now() + timeoutMs;
      for (;;) {
        const got = received.filter((m) => m.at >= since && pred(m));
        if (got.length >= count) return got;
        if (performance.now() > deadline)
          throw new Error(`only ${got.length} of ${count} messages arrived within ${timeoutMs / 1000} s`);
        await sleep(5);
      }
    },
    async drain(quietMs, maxMs) {
      const t0 = performance.now();
      const n0 = received.length;
      let last = received.length;
      let lastChange = performance.now();
      while (performance.now() - t0 < maxMs) {
        await sleep(50);
        if (received.length !== last) {
          last = received.length;
          lastChange = performance.now();
        } else if (performance.now() - lastChange >= quietMs) break;
      }
      return received.length - n0;
    },
    close: () => new Promise<void>((r) => smtp.close(() => r())),
  };
}
