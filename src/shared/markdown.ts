/**
 * Markdown to one line of plain text, for previews and search snippets (the full text is rendered elsewhere,
 * sanitized). Emphasis, code, headings, quotes, list markers, tables and HTML tags go; a link keeps its text.
 * Characters other than markup pass through (so the search highlighter's \u0001/\u0002 marks survive), and so
 * do lone `*` or `_` inside words ("snake_case", "5 * 3").
 */
export function stripMarkdown(md: string): string {
  return (
    md
      // Code fences and horizontal rules: the line goes.
      .replace(/^\s*(```|~~~).*$/gm, " ")
      .replace(/^\s*([-*_])(\s*\1){2,}\s*$/gm, " ")
      // Images and links keep their text; autolinks their address.
      .replace(/!?\[([^\]]*)\]\([^)\s]*(\)|$)/g, "$1")
      .replace(/\]\([^)\s]*\)/g, "")
      .replace(/!?\[([^\]]*)\]\[[^\]]*\]/g, "$1")
      .replace(/<((?:https?|mailto):[^>\s]+)>/g, "$1")
      // HTML tags.
      .replace(/<\/?[a-zA-Z][^>]*>/g, " ")
      // Line starts: headings, quotes, list markers, task boxes.
      .replace(/^\s{0,3}#{1,6}\s+/gm, "")
      .replace(/^\s{0,3}(>\s?)+/gm, "")
      .replace(/^\s*([-*+]|\d+[.)])\s+(\[[ xX]\]\s+)?/gm, "")
      // Emphasis, strike-through and inline code (innermost first, repeated for nesting).
      .replace(/(\*\*|__)(?=\S)([\s\S]*?\S)\1/g, "$2")
      .replace(/(\*\*|__)(?=\S)([\s\S]*?\S)\1/g, "$2")
      .replace(/(^|[^\w*\\])\*(?=\S)([^*\n]*?[^\s\\])\*(?!\w)/g, "$1$2")
      .replace(/(^|[^\w_\\])_(?=\S)([^_\n]*?[^\s\\])_(?!\w)/g, "$1$2")
      .replace(/~~(?=\S)([\s\S]*?\S)~~/g, "$1")
      .replace(/`+([^`]*)`+/g, "$1")
      // Leftovers of markup cut in half (a snippet's edges): runs of markers, table pipes.
      .replace(/(\*\*|__|~~)/g, "")
      .replace(/\s\|\s|^\||\|$/gm, " ")
      .replace(/\\([\\`*_{}[\]()#+\-.!>~|])/g, "$1")
      .replace(/\s+/g, " ")
      .trim()
  );
}
