import { useForm } from "@mantine/form";
import { applyApiError } from "../../components/feedback.tsx";
import { useWorkspace } from "../../lib/workspace.ts";
import { useAddComment } from "./hooks.ts";

/**
 * The one-field comment form of a request, on the whole roadmap (`itemId` null) or on one item: an API
 * error lands on the field; the form empties once the comment is added.
 */
export function useCommentForm(signoffId: string, itemId: string | null, onAdded: () => void) {
  const { workspaceId: wid } = useWorkspace();
  const add = useAddComment(wid, signoffId);
  const form = useForm({
    initialValues: { body: "" },
    validate: { body: (v) => (v.trim() ? null : "Write a comment") },
  });
  const submit = form.onSubmit((v) =>
    add.mutate(
      { itemId, body: v.body.trim() },
      {
        onSuccess: () => {
          form.reset();
          onAdded();
        },
        onError: (err) => {
          const msg = applyApiError(form, err);
          if (msg) form.setFieldError("body", msg);
        },
      },
    ),
  );
  return { form, submit, pending: add.isPending };
}
