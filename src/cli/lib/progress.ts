import { Presets, SingleBar } from "cli-progress";

/** Rows done of a total, in a named section (transfer sections, "ideas", …). */
export interface ProgressStep {
  section: string;
  done: number;
  total: number;
}

export interface Progress {
  update(p: ProgressStep): void;
  stop(): void;
}

/** Shown when stdout is a terminal or `--progress` is given; always drawn on stderr, so stdout stays clean. */
export const wantsProgress = (flag?: boolean) => Boolean(flag || process.stdout.isTTY);

/** A row-count progress bar by section on stderr; a no-op when disabled. */
export function progressBar(enabled: boolean, label: string): Progress {
  if (!enabled) return { update: () => {}, stop: () => {} };
  const bar = new SingleBar(
    {
      stream: process.stderr,
      format: `${label} [{bar}] {percentage}% | {value}/{total} rows | {section}`,
      hideCursor: true,
      noTTYOutput: !process.stderr.isTTY,
      notTTYSchedule: 1000,
    },
    Presets.shades_classic,
  );
  let started = false;
  return {
    update(p) {
      if (!started) {
        bar.start(p.total, 0, { section: p.section });
        started = true;
      }
      bar.setTotal(p.total);
      bar.update(p.done, { section: p.section });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
