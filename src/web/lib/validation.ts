/** Client-side checks that mirror the shared schemas, so mistakes show before a round trip. */
export const validEmail = (v: string) =>
  /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v.trim()) ? null : "Enter a valid e-mail address";
export const validPassword = (v: string) =>
  v.length < 10 ? "Use at least 10 characters" : v.length > 200 ? "Use at most 200 characters" : null;
export const required = (label: string) => (v: string) => (v.trim() ? null : `${label} is required`);
export const validSlug = (v: string) =>
  !v.trim() || /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/.test(v.trim())
    ? v.trim().length === 1
      ? "Use at least 2 characters"
      : null
    : "Use lowercase letters, digits and dashes";

export function slugify(s: string): string {
  return s
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 48);
}
