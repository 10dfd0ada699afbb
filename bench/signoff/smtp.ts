// The recording SMTP server of the tests (src/server/test/smtp.ts), with the waits the bench needs.
import { type ReceivedMail, startRecordingSmtp } from "../../src/server/test/smtp.ts";
import { sleep } from "../lib/proc.ts";

export type Received = ReceivedMail;

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
  const smtp = await startRecordingSmtp();
  const { received } = smtp;
  return {
    ...smtp,
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
  };
}
