import { describe, expect, it } from "vitest";
import { SENTIMENTS } from "../../../shared/feedback.ts";
import { analysisPool, analyzeText, analyzeTexts } from "./feedback.nlp.ts";
import { SENTIMENT_FIXTURE } from "./sentiment.fixture.ts";

/** The floor, stated before measuring: a 3-class lexicon analyzer on short product feedback. */
const ACCURACY_FLOOR = 0.6;

describe("sentiment (VADER) on the labelled product-feedback set", () => {
  it(`is right on at least ${ACCURACY_FLOOR * 100} % of ${SENTIMENT_FIXTURE.length} hand-labelled sentences`, () => {
    expect(SENTIMENT_FIXTURE.length).toBeGreaterThanOrEqual(60);
    const confusion = Object.fromEntries(
      SENTIMENTS.map((s) => [s, { positive: 0, neutral: 0, negative: 0 }]),
    );
    let right = 0;
    for (const [text, label] of SENTIMENT_FIXTURE) {
      const got = analyzeText(text).sentimentHint;
      confusion[label][got]++;
      if (got === label) right++;
    }
    const accuracy = right / SENTIMENT_FIXTURE.length;
    // Reported, not tuned to: the figure goes into docs/FEEDBACK.md.
    console.log(
      `sentiment accuracy ${right}/${SENTIMENT_FIXTURE.length} = ${accuracy.toFixed(3)}`,
      confusion,
    );
    expect(accuracy).toBeGreaterThanOrEqual(ACCURACY_FLOOR);
  });

  it("gives a compound score in [-1, 1] and a label from it", () => {
    const good = analyzeText("I love this, it is wonderful and fast!");
    expect(good.sentimentScore).toBeGreaterThan(0.5);
    expect(good.sentimentHint).toBe("positive");
    const bad = analyzeText("Awful. It crashes and I hate it.");
    expect(bad.sentimentScore).toBeLessThan(-0.5);
    expect(bad.sentimentHint).toBe("negative");
    expect(analyzeText("x".repeat(100_000)).sentimentScore).toBe(0);
  });
});

describe("language detection (franc-min)", () => {
  it("answers ISO 639-1 codes, and 'und' for text too short to tell", () => {
    expect(
      analyzeText("Please add a dark mode to the roadmap view, it would help a lot at night.").language,
    ).toBe("en");
    expect(
      analyzeText("Bitte fügen Sie einen dunklen Modus hinzu, das wäre für unsere Augen sehr angenehm.")
        .language,
    ).toBe("de");
    expect(
      analyzeText("Nous aimerions pouvoir exporter la feuille de route en PDF pour notre direction.")
        .language,
    ).toBe("fr");
    expect(
      analyzeText("Sería genial poder filtrar las ideas por segmento de cliente en la lista.").language,
    ).toBe("es");
    expect(analyzeText("Nice!").language).toBe("und");
  });
});

describe("many texts in worker threads", () => {
  it("answers exactly what analyzeText answers, in order, and leaves the event loop free meanwhile", async () => {
    const base = [...SENTIMENT_FIXTURE.map(([text]) => text), "Nice!", "x".repeat(5000), ""];
    const de = "Bitte fügen Sie einen dunklen Modus hinzu, das wäre für unsere Augen sehr angenehm.";
    // 350 texts: several chunks over the workers (analysed here below 64).
    const texts = Array.from(
      { length: 350 },
      (_, i) => `${base[i % base.length]}${i % 7 === 0 ? ` ${de}` : ""}`,
    );
    let turns = 0;
    const ticker = setInterval(() => turns++, 1);
    const got = await analyzeTexts(texts);
    clearInterval(ticker);
    expect(analysisPool().broken).toBeNull();
    expect(analysisPool().live).toBeGreaterThan(0);
    expect(got).toEqual(texts.map((t) => analyzeText(t)));
    expect(turns).toBeGreaterThan(0);
    // A few texts stay on this thread, with the same answers.
    expect(await analyzeTexts(texts.slice(0, 3))).toEqual(texts.slice(0, 3).map((t) => analyzeText(t)));
  });
});
