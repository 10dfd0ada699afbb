// The worker thread of feedback.nlp.ts's analyzeTexts: franc + VADER (~0.2-0.3 ms an item; on the main thread,
// 100,000 items held the event loop for 20-30 s). Bundled by lib/worker-pool.ts. Answers franc's ISO 639-3 code
// and VADER's raw compound score per sample (texts already cut to the analysed length); the main thread maps them
// exactly as analyzeText maps its own.
import { franc } from "franc-min";
import vader from "vader-sentiment";
import { serveWorker } from "../../lib/worker-serve.ts";

export interface NlpTask {
  samples: string[];
  minLength: number;
}

serveWorker<NlpTask>(({ samples, minLength }) => ({
  codes: samples.map((s) => franc(s, { minLength })),
  compounds: samples.map((s) => vader.SentimentIntensityAnalyzer.polarity_scores(s).compound),
}));
