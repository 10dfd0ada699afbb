import { franc } from "franc-min";
import vader from "vader-sentiment";
import { languageCode, type Sentiment, sentimentLabel } from "../../../shared/feedback.ts";

/** Characters looked at: enough for both detectors, bounded so a 50 kB item costs what a 2 kB one does. */
const SAMPLE = 2000;
/** Below this many letters franc guesses; the language is then 'und' (undetermined). */
const MIN_LANGUAGE_CHARS = 20;

export interface TextSignals {
  language: string;
  sentimentScore: number;
  sentimentHint: Sentiment;
}

/** Language (ISO 639-1 where mappable, 'und' when too short) and VADER sentiment of a feedback text. */
export function analyzeText(text: string): TextSignals {
  const sample = text.slice(0, SAMPLE);
  const language = languageCode(franc(sample, { minLength: MIN_LANGUAGE_CHARS }));
  const compound = vader.SentimentIntensityAnalyzer.polarity_scores(sample).compound;
  const score = Number.isFinite(compound) ? Math.max(-1, Math.min(1, compound)) : 0;
  return { language, sentimentScore: score, sentimentHint: sentimentLabel(score) };
}
