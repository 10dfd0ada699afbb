declare module "html-to-text" {
  export function convert(html: string, options?: Record<string, unknown>): string;
  /** The options compiled once: a converter for many documents. */
  export function compile(options?: Record<string, unknown>): (html: string) => string;
}
