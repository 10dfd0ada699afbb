// Language and sentiment worker for feedback ingestion (feedback.nlp.ts). Plain JavaScript, importing only
// packages, so it loads under any runner (vitest, tsx, the bundled CLI) like the planner's worker.
// franc + VADER cost ~0.2-0.3 ms an item: on the main thread, 100,000 items held the event loop for 20-30 s.
//
// Protocol: posts { type: "ready" } once loaded (or { type: "fatal", error }). Receives { id, samples } (texts
// already cut to the analysed length); posts { id, ok: true, codes, compounds } (franc's ISO 639-3 answer and
// VADER's raw compound score per sample, mapped by the main thread exactly as analyzeText maps its own) or
// { id, ok: false, error }.
import { parentPort, workerData } from "node:worker_threads";

let franc;
let vader;
try {
  ({ franc } = await import("franc-min"));
  const m = await import("vader-sentiment");
  vader = m.default ?? m;
} catch (error) {
  parentPort.postMessage({ type: "fatal", error: String(error?.stack ?? error) });
  process.exit(1);
}

const minLength = workerData?.minLength ?? 20;

parentPort.on("message", ({ id, samples }) => {
  try {
    const codes = new Array(samples.length);
    const compounds = new Array(samples.length);
    for (let i = 0; i < samples.length; i++) {
      codes[i] = franc(samples[i], { minLength });
      compounds[i] = vader.SentimentIntensityAnalyzer.polarity_scores(samples[i]).compound;
    }
    parentPort.postMessage({ id, ok: true, codes, compounds });
  } catch (error) {
    parentPort.postMessage({ id, ok: false, error: String(error?.stack ?? error) });
  }
});
parentPort.postMessage({ type: "ready" });
