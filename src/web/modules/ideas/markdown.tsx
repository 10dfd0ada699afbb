import { Box } from "@mantine/core";
import DOMPurify from "dompurify";
import { marked } from "marked";
import { useMemo } from "react";
import { stripMarkdown } from "../../../shared/markdown.ts";

let hooked = false;
function purifier() {
  if (!hooked) {
    hooked = true;
    // Links leave the app in a new tab, without handing it our window.
    DOMPurify.addHook("afterSanitizeAttributes", (node) => {
      if (node.tagName === "A" && node.getAttribute("href")) {
        node.setAttribute("target", "_blank");
        node.setAttribute("rel", "noopener noreferrer nofollow");
      }
    });
  }
  return DOMPurify;
}

/** Markdown → HTML that is safe to insert: marked renders, DOMPurify strips scripts, handlers, styles and frames. */
export function renderMarkdown(md: string): string {
  const html = marked.parse(md, { async: false, gfm: true, breaks: true }) as string;
  return purifier().sanitize(html, {
    USE_PROFILES: { html: true },
    FORBID_TAGS: ["style", "form", "input", "button", "textarea", "select", "iframe", "object", "embed"],
    FORBID_ATTR: ["style", "class", "id"],
  });
}

export function Markdown({ source }: { source: string }) {
  const html = useMemo(() => renderMarkdown(source), [source]);
  return (
    <Box
      className="baton-markdown"
      // biome-ignore lint/security/noDangerouslySetInnerHtml: rendered by marked, sanitized by DOMPurify
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
}

/** One plain line from Markdown, for previews: markup and link targets removed (shared/markdown.ts). */
export function markdownExcerpt(md: string): string {
  return stripMarkdown(md);
}
