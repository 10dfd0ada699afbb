/**
 * The pieces every HTML mail part is built from (the digest's alternative to its text): escaping, safe links and
 * the page around the parts. Mail clients strip <style> blocks and fetch nothing we would want them to: styles are
 * inline, there are no images, no external CSS, no script. Whatever text goes in is escaped here, so a page's
 * `<script>` or `<img onerror>` reads as text.
 */

const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Text as HTML text or attribute value: & < > " ' escaped; control characters (but line breaks) dropped. */
export const escapeHtml = (s: string) =>
  // biome-ignore lint/suspicious/noControlCharactersInRegex: dropping them is the point
  s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, "").replace(/[&<>"']/g, (c) => ENTITIES[c]);

/** A link (escaped) to an http(s) URL; anything else (javascript:, data: …) is shown as text only. */
export function htmlLink(url: string, label = url, style = "color:#1c7ed6") {
  if (!/^https?:\/\/\S+$/i.test(url)) return escapeHtml(label);
  return `<a href="${escapeHtml(url)}" style="${style}">${escapeHtml(label)}</a>`;
}

/** A whole HTML mail around body fragments (already HTML): one column, system fonts, inline styles. */
export function htmlMail(title: string, fragments: string[]) {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title></head>
<body style="margin:0;padding:0;background:#f8f9fa">
<div style="max-width:640px;margin:0 auto;padding:16px;font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;font-size:14px;line-height:1.5;color:#212529;background:#ffffff">
${fragments.join("\n")}
</div>
</body></html>
`;
}
