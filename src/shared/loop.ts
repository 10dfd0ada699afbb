/**
 * Close-the-loop messages (docs/FEEDBACK.md "Close the loop"): the template variables, the default message and
 * rendering. Pure: the server renders what it sends with it, so the preview is the mail.
 */

export const LOOP_VARIABLES = {
  firstName: "the customer's first name (their name's first word)",
  name: "the customer's full name",
  company: "the customer's company (empty without one)",
  idea: "the idea's title",
  product: "the product's name",
  workspace: "the workspace's name",
  changelogUrl: "the public changelog entry chosen for this message",
} as const;
export type LoopVariable = keyof typeof LOOP_VARIABLES;
export type LoopValues = Record<LoopVariable, string>;

const VARIABLE = /\{\{\s*([A-Za-z]+)\s*\}\}/g;

/** The variables a template uses that do not exist (each once, in order of appearance). */
export function unknownVariables(template: string): string[] {
  const out: string[] = [];
  for (const m of template.matchAll(VARIABLE)) {
    if (!(m[1] in LOOP_VARIABLES) && !out.includes(m[1])) out.push(m[1]);
  }
  return out;
}

/** True when the template uses the variable. */
export const usesVariable = (template: string, name: LoopVariable) =>
  [...template.matchAll(VARIABLE)].some((m) => m[1] === name);

/** Replaces every {{variable}}; unknown ones stay as written (the API refuses them before this). */
export function fillTemplate(template: string, values: LoopValues): string {
  return template.replace(VARIABLE, (all, name: string) =>
    name in values ? values[name as LoopVariable] : all,
  );
}

/** The first word of a name, for "Hi {{firstName}}"; "there" when there is no name. */
export function firstNameOf(name: string): string {
  return name.trim().split(/\s+/)[0] || "there";
}

/** The prepared message when an idea ships; the changelog line only when an entry is chosen. */
export function defaultLoopMessage(withChangelog: boolean): { subject: string; body: string } {
  return {
    subject: "Shipped: {{idea}}",
    body: [
      "Hi {{firstName}},",
      "",
      "You asked us for **{{idea}}** in {{product}}. It has shipped, and your feedback helped us decide to build it.",
      ...(withChangelog ? ["", "What changed: {{changelogUrl}}"] : []),
      "",
      "Thank you for telling us,",
      "The {{product}} team",
    ].join("\n"),
  };
}

/** The footer every close-the-loop mail ends with: why they get it and the unsubscribe link. */
export const loopFooter = (unsubscribeUrl: string, workspace: string) =>
  `\n\n--\nYou receive this because you gave ${workspace} feedback about it.\nTo receive no more of these messages: ${unsubscribeUrl}\n`;
