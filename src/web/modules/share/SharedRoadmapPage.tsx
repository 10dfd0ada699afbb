/** Placeholder: filled in by the share-link UI work. */
export function SharedRoadmapPage() {
  return null;
}
