/** Placeholder: filled in by the sign-off UI work. */
export function SignoffsPage() {
  return null;
}
