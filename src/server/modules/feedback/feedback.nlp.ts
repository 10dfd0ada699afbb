import { availableParallelism } from "node:os";
import { franc } from "franc-min";
import vader from "vader-sentiment";
import { languageCode, type Sentiment, sentimentLabel } from "../../../shared/feedback.ts";
import { eachChunk } from "../../lib/steps.ts";
import { WorkerPool } from "../../lib/worker-pool.ts";
import type { NlpTask } from "./feedback.nlp.worker.ts";

/** Characters looked at: enough for both detectors, bounded so a 50 kB item costs what a 2 kB one does. */
const SAMPLE = 2000;
/** Below this many letters franc guesses; the language is then 'und' (undetermined). */
const MIN_LANGUAGE_CHARS = 20;

export interface TextSignals {
  language: string;
  sentimentScore: number;
  sentimentHint: Sentiment;
}

/** The signals from franc's ISO 639-3 answer and VADER's compound score (here and from the workers alike). */
function signalsOf(iso6393: string, compound: number): TextSignals {
  const score = Number.isFinite(compound) ? Math.max(-1, Math.min(1, compound)) : 0;
  return { language: languageCode(iso6393), sentimentScore: score, sentimentHint: sentimentLabel(score) };
}

function analyzeSample(sample: string): TextSignals {
  return signalsOf(
    franc(sample, { minLength: MIN_LANGUAGE_CHARS }),
    vader.SentimentIntensityAnalyzer.polarity_scores(sample).compound,
  );
}

/** Language (ISO 639-1 where mappable, 'und' when too short) and VADER sentiment of a feedback text. */
export function analyzeText(text: string): TextSignals {
  return analyzeSample(text.slice(0, SAMPLE));
}

// --- Many texts: a pool of worker threads (lib/worker-pool.ts running feedback.nlp.worker.ts; docs/DECISIONS.md,
// "Feedback analysis in worker threads"). franc + VADER cost ~0.2-0.3 ms an item; 100,000 items on the main thread were 20-30 s of a
// blocked event loop and the largest part of ingestion. The workers run the same two calls on the same sample,
// and the answers are mapped by the same signalsOf, so the result is identical to analyzeText's.

/** Texts per message: ~20-30 ms of work, so several workers share a batch and a queue drains evenly. */
const CHUNK = 100;
/** Fewer texts than this are analysed here (a worker's start-up and messages would cost more). */
const MIN_FOR_WORKERS = 64;
/** A chunk not answered in this time is analysed here, and its worker ended. */
const CHUNK_TIMEOUT_MS = 30_000;

function workerCount(): number {
  const set = process.env.BATON_NLP_WORKERS;
  if (set !== undefined && set !== "" && Number.isInteger(Number(set))) return Math.max(0, Number(set));
  // Every core: while they analyse, the request that waits for them uses none.
  return Math.max(1, Math.min(4, availableParallelism()));
}

interface Answer {
  codes: string[];
  compounds: number[];
}

const pool = new WorkerPool({
  entry: new URL("./feedback.nlp.worker.ts", import.meta.url),
  size: workerCount,
  idleMs: 60_000,
  taskTimeoutMs: CHUNK_TIMEOUT_MS,
});

/**
 * analyzeText of every text, in the same order. From MIN_FOR_WORKERS texts on, the work runs in worker threads
 * (chunks of CHUNK over every worker) while the event loop stays free; a chunk whose worker fails is analysed
 * here. Fewer texts, or no workers (BATON_NLP_WORKERS=0), are analysed here in chunks that let the loop turn.
 */
export async function analyzeTexts(texts: readonly string[]): Promise<TextSignals[]> {
  const out: TextSignals[] = new Array(texts.length);
  if (texts.length < MIN_FOR_WORKERS || pool.broken || workerCount() === 0) {
    // ~0.3 ms a text on a busy machine: 50 hold the event loop for well under 100 ms.
    await eachChunk(texts, 50, (chunk, start) => {
      chunk.forEach((t, k) => {
        out[start + k] = analyzeText(t);
      });
    });
    return out;
  }
  const jobs: Promise<void>[] = [];
  for (let start = 0; start < texts.length; start += CHUNK) {
    const samples = texts.slice(start, start + CHUNK).map((t) => t.slice(0, SAMPLE));
    jobs.push(
      pool.run<Answer>({ samples, minLength: MIN_LANGUAGE_CHARS } satisfies NlpTask).then(
        (a) => {
          for (let k = 0; k < samples.length; k++) out[start + k] = signalsOf(a.codes[k], a.compounds[k]);
        },
        () => {
          for (let k = 0; k < samples.length; k++) out[start + k] = analyzeSample(samples[k]);
        },
      ),
    );
  }
  await Promise.all(jobs);
  return out;
}

/** Test hook: how the pool stands (workers started, why it cannot start). */
export const analysisPool = () => pool.state();
