import { z } from "zod";

/**
 * Feedback themes in the export document (docs/FEEDBACK.md "Themes"): confirmed themes, their items, and the
 * items dismissed from suggestions. Suggestions themselves are never stored, so never exported.
 */

const Id = z.uuid();
const Ts = z.iso.datetime({ offset: true });

export const ExportFeedbackThemeSchema = z.strictObject({
  id: Id,
  name: z
    .string()
    .min(1)
    .max(120)
    .refine((s) => !s.includes("\0"), "must not contain NUL characters"),
  createdBy: Id.nullable(),
  createdAt: Ts,
  updatedAt: Ts,
  version: z.number().int().min(1),
});

export const ExportFeedbackThemeItemSchema = z.strictObject({
  themeId: Id,
  itemId: Id,
  addedBy: Id.nullable(),
  addedAt: Ts,
});

export const ExportFeedbackThemeDismissalSchema = z.strictObject({
  itemId: Id,
  dismissedBy: Id.nullable(),
  dismissedAt: Ts,
});
