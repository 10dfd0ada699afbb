import { Box } from "@mantine/core";
import { useMemo } from "react";
import { renderMarkdown } from "../ideas/markdown.tsx";

/**
 * Feedback as its author wrote it, made safe: Markdown rendered and sanitized (scripts, handlers, styles,
 * frames and forms removed), and images replaced by a link to them, so opening an item never loads a
 * stranger's tracking pixel.
 */
export function renderFeedback(md: string): string {
  const tpl = document.createElement("template");
  // A template's content is inert: nothing in it loads or runs.
  tpl.innerHTML = renderMarkdown(md);
  for (const img of tpl.content.querySelectorAll("img")) {
    const src = img.getAttribute("src") ?? "";
    const label = `Image${img.getAttribute("alt") ? `: ${img.getAttribute("alt")}` : ""}`;
    const replacement = /^https?:\/\//i.test(src)
      ? document.createElement("a")
      : document.createElement("span");
    replacement.textContent = `[${label}]`;
    if (replacement instanceof HTMLAnchorElement) {
      replacement.href = src;
      replacement.target = "_blank";
      replacement.rel = "noopener noreferrer nofollow";
    }
    img.replaceWith(replacement);
  }
  return tpl.innerHTML;
}

export function FeedbackBody({ text }: { text: string }) {
  const html = useMemo(() => renderFeedback(text), [text]);
  return (
    <Box
      className="baton-markdown"
      // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitized by DOMPurify (renderMarkdown), images removed
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
}
