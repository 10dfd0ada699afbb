/** Placeholder: filled in by the sign-off UI work. */
export function SignoffPage() {
  return null;
}
