import { Alert, Button, Card, Group, Radio, Stack, Text, Textarea, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconAlertTriangle, IconRefresh } from "@tabler/icons-react";
import { useState } from "react";
import type { SignoffDecision } from "../../../shared/enums.ts";
import type { SignoffDetail, SignoffReview } from "../../../shared/signoff.schemas.ts";
import { ApiError } from "../../api/client.ts";
import { applyApiError, notifySuccess } from "../../components/feedback.tsx";
import { FormError } from "../../components/States.tsx";
import { pluralize, relativeTime } from "../../lib/format.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { useDecide } from "./hooks.ts";
import { DecisionBadge } from "./parts.tsx";

type Choice = Exclude<SignoffDecision, "pending">;
const CHOICES: { value: Choice; label: string; hint: string; color: string }[] = [
  { value: "approved", label: "Approve", hint: "The plan works for you and your team", color: "teal" },
  {
    value: "approved_with_comments",
    label: "Approve with comments",
    hint: "Agree, with remarks the PM should read",
    color: "lime",
  },
  { value: "objected", label: "Object", hint: "Keeps the request open until the PM revises", color: "red" },
];

/**
 * The approver's decision: approve, approve with comments or object; changeable while the request is open.
 * Nothing is preselected: an approver who only came to look cannot approve by one accidental click.
 */
export function DecisionPanel({
  signoff,
  review,
  onReload,
  reloading,
}: {
  signoff: SignoffDetail;
  review: SignoffReview;
  onReload: () => void;
  reloading: boolean;
}) {
  const { workspaceId: wid, user } = useWorkspace();
  const decide = useDecide(wid, signoff.id);
  const me = signoff.approvers.find((a) => a.userId === user.id);
  const current = me?.decision ?? "pending";
  const [editing, setEditing] = useState(current === "pending");
  const [conflict, setConflict] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<{ decision: Choice | null; comment: string }>({
    initialValues: {
      decision: current === "pending" ? null : current,
      // An objection reset by a revision starts afresh: its old reason is not a comment on the new version.
      comment: current === "pending" ? "" : (me?.comment ?? ""),
    },
    validate: {
      decision: (v) => (v ? null : "Choose approve, approve with comments or object"),
      comment: (v, values) =>
        values.decision === "objected" && !v.trim()
          ? "Say why you object"
          : values.decision === "approved_with_comments" && !v.trim()
            ? "Write your comments"
            : null,
    },
  });
  const changed = review.sinceMyDecision?.changedItemIds.length ?? 0;
  const stale = me?.decidedVersionId && me.decidedVersionId !== review.version.id;

  const submit = form.onSubmit((v) => {
    setFormError(null);
    setConflict(null);
    decide.mutate(
      { versionId: review.version.id, decision: v.decision!, comment: v.comment.trim(), itemComments: [] },
      {
        onSuccess: () => {
          notifySuccess(
            v.decision === "objected"
              ? "Your objection is recorded; the PM was told."
              : `You approved v${review.version.number}.`,
            "Decision saved",
          );
          setEditing(false);
        },
        onError: (err) => {
          if (err instanceof ApiError && err.status === 409) setConflict(err.message);
          else setFormError(applyApiError(form, err));
        },
      },
    );
  });

  const choice = CHOICES.find((c) => c.value === form.values.decision);
  return (
    <Card withBorder component="section" aria-labelledby="my-decision">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} fz="md" id="my-decision">
            Your decision
          </Title>
          <DecisionBadge decision={current} />
        </Group>
        {conflict ? (
          <Alert color="orange" variant="light" icon={<IconAlertTriangle size={18} />} role="alert">
            <Stack gap="xs" align="flex-start">
              <Text size="sm">
                {/revis|version/i.test(conflict)
                  ? "The roadmap was revised while you were reviewing — reload to see the new version before you decide."
                  : `${conflict} — reload to see where the request stands.`}
              </Text>
              <Button
                size="xs"
                variant="default"
                leftSection={<IconRefresh size={14} />}
                loading={reloading}
                onClick={() => {
                  setConflict(null);
                  onReload();
                }}
              >
                Reload
              </Button>
            </Stack>
          </Alert>
        ) : null}
        {me?.withdrawnAt && current === "pending" ? (
          <Alert color="yellow" variant="light">
            Your earlier approval was withdrawn because items relevant to your team changed in round{" "}
            {signoff.round}. Review the changes and decide again.
          </Alert>
        ) : null}
        {changed > 0 ? (
          <Text size="sm" c="orange">
            {pluralize(changed, "item")} changed since you decided on v{review.sinceMyDecision?.versionNumber}
            : they are flagged in “All items”.
          </Text>
        ) : null}
        {!editing && me ? (
          <Stack gap="xs">
            <Text size="sm">
              {current === "objected" ? "You objected" : "You approved"}
              {me.decidedVersionNumber ? ` v${me.decidedVersionNumber}` : ""} {relativeTime(me.decidedAt)}.
              {stale ? " The request now shows a newer version." : ""}
            </Text>
            {me.comment ? (
              <Text size="sm" c="dimmed" style={{ whiteSpace: "pre-wrap" }}>
                “{me.comment}”
              </Text>
            ) : null}
            <Button variant="default" onClick={() => setEditing(true)}>
              Change your decision
            </Button>
          </Stack>
        ) : (
          <form onSubmit={submit} noValidate>
            <Stack gap="sm">
              <FormError error={formError} />
              <Radio.Group
                aria-label="Decision"
                {...form.getInputProps("decision")}
                onChange={(v) => {
                  form.setFieldValue("decision", v as Choice);
                  form.clearFieldError("decision");
                  form.clearFieldError("comment");
                }}
              >
                <Stack gap={8}>
                  {CHOICES.map((c) => (
                    <Radio
                      key={c.value}
                      value={c.value}
                      label={c.label}
                      description={c.hint}
                      color={c.color}
                    />
                  ))}
                </Stack>
              </Radio.Group>
              <Textarea
                label={
                  form.values.decision === "objected"
                    ? "Why you object"
                    : form.values.decision === "approved_with_comments"
                      ? "Your comments"
                      : "Comment (optional)"
                }
                required={
                  form.values.decision === "objected" || form.values.decision === "approved_with_comments"
                }
                autosize
                minRows={2}
                maxRows={8}
                placeholder={
                  form.values.decision === "objected"
                    ? "What must change before you can approve"
                    : "Anything the PM should know"
                }
                {...form.getInputProps("comment")}
              />
              <Text size="xs" c="dimmed">
                You decide on v{review.version.number} · {review.version.name}. Comments on single items: use
                “Comment” in All items.
              </Text>
              <Group justify="flex-end" gap="xs">
                {current !== "pending" ? (
                  <Button variant="default" onClick={() => setEditing(false)}>
                    Keep my decision
                  </Button>
                ) : null}
                <Button type="submit" color={choice?.color} loading={decide.isPending}>
                  {choice?.label ?? "Send my decision"}
                </Button>
              </Group>
            </Stack>
          </form>
        )}
      </Stack>
    </Card>
  );
}
