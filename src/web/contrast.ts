import { type CSSVariablesResolver, darken, lighten, luminance } from "@mantine/core";

/**
 * Readable colours for every palette (WCAG 2 AA: 4.5:1 for text). Mantine's default shades are too light for
 * text on white (grey 6 is 3.3:1, teal 6 2.6:1, yellow 6 1.9:1) and for white text on "filled" buttons, so
 * this resolver keeps each palette but moves the colours text is drawn in (and the fills white text sits on)
 * to the first shade that reaches 4.5:1, darkening (or, in the dark scheme, lightening) past the palette when
 * none does.
 */
const AA = 4.5;

/** WCAG contrast ratio of two colours. */
export function contrast(a: string, b: string): number {
  const [x, y] = [luminance(a), luminance(b)];
  return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
}

/** The first candidate reaching AA on every background, else the last one pushed darker (or lighter) until it does. */
export function readable(candidates: string[], backgrounds: string[], push: "darker" | "lighter"): string {
  const ok = (c: string) => backgrounds.every((bg) => contrast(c, bg) >= AA);
  const found = candidates.find(ok);
  if (found) return found;
  const last = candidates[candidates.length - 1]!;
  for (let step = 0.05; step <= 1; step += 0.05) {
    const c = push === "darker" ? darken(last, step) : lighten(last, step);
    if (ok(c)) return c;
  }
  return push === "darker" ? "#000000" : "#ffffff";
}

// The surfaces text sits on (see styles.css: the light page is #f7f8fa, table hovers gray-1; dark cards dark-7/6).
const LIGHT_SURFACES = ["#ffffff", "#f1f3f5"];
const DARK_SURFACES = ["#1b1c23", "#24262e"];

/** Mantine merges these over its default variables. */
export const cssVariablesResolver: CSSVariablesResolver = (theme) => {
  const light: Record<string, string> = {
    "--mantine-color-dimmed": readable(["#5c636a"], [...LIGHT_SURFACES, theme.colors.baton![0]!], "darker"),
    "--mantine-color-error": readable(
      [theme.colors.red![6]!, theme.colors.red![8]!],
      LIGHT_SURFACES,
      "darker",
    ),
  };
  const dark: Record<string, string> = {
    "--mantine-color-dimmed": readable([theme.colors.dark![2]!], DARK_SURFACES, "lighter"),
  };
  for (const [name, shades] of Object.entries(theme.colors)) {
    if (name === "dark" || !Array.isArray(shades)) continue;
    const s = shades as readonly string[];
    // Light scheme: coloured text, white text on fills, "light" variants (shade 9 on shade 1).
    const text = readable(s.slice(6), LIGHT_SURFACES, "darker");
    const filled = readable(s.slice(6), ["#ffffff"], "darker");
    light[`--mantine-color-${name}-text`] = text;
    light[`--mantine-color-${name}-filled`] = filled;
    light[`--mantine-color-${name}-filled-hover`] = darken(filled, 0.1);
    light[`--mantine-color-${name}-outline`] = text;
    light[`--mantine-color-${name}-light-color`] = readable([s[9]!], [s[1]!, s[0]!], "darker");
    // Dark scheme: text on dark surfaces, white text on fills.
    dark[`--mantine-color-${name}-text`] = readable(s.slice(3, 5).reverse(), DARK_SURFACES, "lighter");
    const darkFilled = readable([s[5]!, s[6]!, s[7]!, s[8]!], ["#ffffff"], "darker");
    dark[`--mantine-color-${name}-filled`] = darkFilled;
    dark[`--mantine-color-${name}-filled-hover`] = darken(darkFilled, 0.1);
  }
  return { variables: {}, light, dark };
};
