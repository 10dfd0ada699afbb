/**
 * Reply templates: text with {{variables}} filled from the feedback item a reply answers. Pure, shared by the
 * server (which renders and refuses unknown variables) and the web app (which shows what a template uses).
 */

export const TEMPLATE_VARIABLES = {
  "customer.name": "The customer's name",
  "customer.firstName": "The customer's first name (the name's first word)",
  "customer.email": "The customer's e-mail address",
  "company.name": "The customer's company",
  "item.title": "The feedback item's title (or its subject)",
  "idea.title": "The title of the idea the item is linked to (the first, when several)",
  "sender.name": "Your name",
  "workspace.name": "The workspace's name",
} as const;

export type TemplateVariable = keyof typeof TEMPLATE_VARIABLES;
export type TemplateValues = Partial<Record<TemplateVariable, string | null>>;

const VARIABLE = /\{\{\s*([^{}]*?)\s*\}\}/g;

export const isTemplateVariable = (name: string): name is TemplateVariable =>
  Object.hasOwn(TEMPLATE_VARIABLES, name);

/** The variables a text uses, in order of first use. */
export function variablesOf(text: string): string[] {
  const seen = new Set<string>();
  for (const m of text.matchAll(VARIABLE)) seen.add(m[1]);
  return [...seen];
}

/** A field error for a text using unknown variables ("Unknown variable {{custmer.name}}"), else null. */
export function unknownVariablesError(text: string): string | null {
  const unknown = variablesOf(text).filter((v) => !isTemplateVariable(v));
  if (!unknown.length) return null;
  return `Unknown variable${unknown.length > 1 ? "s" : ""} ${unknown.map((v) => `{{${v}}}`).join(", ")}; use ${Object.keys(
    TEMPLATE_VARIABLES,
  )
    .map((v) => `{{${v}}}`)
    .join(", ")}`;
}

/**
 * Fills a text's variables. Unknown variables and variables without a value (no customer name, no linked
 * idea) are errors: a customer never reads "Hi {{customer.name}}" or "your request for ".
 */
export function renderTemplate(
  text: string,
  values: TemplateValues,
): { ok: true; text: string } | { ok: false; error: string } {
  const unknown = unknownVariablesError(text);
  if (unknown) return { ok: false, error: unknown };
  const missing = variablesOf(text).filter((v) => !values[v as TemplateVariable]);
  if (missing.length)
    return {
      ok: false,
      error: `No value for ${missing.map((v) => `{{${v}}}`).join(", ")} on this item (${missing
        .map((v) => TEMPLATE_VARIABLES[v as TemplateVariable].toLowerCase())
        .join("; ")})`,
    };
  return { ok: true, text: text.replace(VARIABLE, (_, v: TemplateVariable) => values[v] as string) };
}
