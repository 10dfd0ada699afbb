import {
  Alert,
  Anchor,
  Button,
  Group,
  Modal,
  Radio,
  Select,
  Skeleton,
  Stack,
  Text,
  Textarea,
  TextInput,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconInfoCircle, IconSend } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { Link, useLocation } from "wouter";
import { ApiError } from "../../api/client.ts";
import { wsKey } from "../../api/hooks.ts";
import { applyApiError, notifySuccess } from "../../components/feedback.tsx";
import { FormError } from "../../components/States.tsx";
import { formatDate } from "../../lib/format.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { useAllMembers, useTeams } from "../people/hooks.ts";
import { useVersions } from "../roadmaps/hooks.ts";
import { type ApproverPick, ApproversField, toApproverInputs } from "./ApproversField.tsx";
import { signoffPaths, useCreateSignoff, usePreflight } from "./hooks.ts";
import { browserTimeZone, DeadlineHint, defaultDeadline, formatInZone, validDeadline } from "./parts.tsx";
import { RemindersField } from "./RemindersField.tsx";
import { SmartOverride } from "./SmartOverride.tsx";

interface Values {
  approvers: ApproverPick;
  deadline: string; // datetime-local, the browser's time zone
  message: string;
  reminders: number[];
  versionMode: "snapshot" | "existing";
  versionId: string | null;
  overrideReason: string;
}

const EMPTY: Values = {
  approvers: { personIds: [], teamIds: [], optional: [] },
  deadline: "",
  message: "",
  reminders: [48, 4],
  versionMode: "snapshot",
  versionId: null,
  overrideReason: "",
};

/** Sends a roadmap version to stakeholders for sign-off. */
export function RequestSignoffModal({
  opened,
  onClose,
  roadmapId,
  roadmapName,
}: {
  opened: boolean;
  onClose: () => void;
  roadmapId: string;
  roadmapName: string;
}) {
  return (
    <Modal opened={opened} onClose={onClose} title={`Request sign-off of ${roadmapName}`} size="lg">
      <RequestSignoffForm key="new" onClose={onClose} roadmapId={roadmapId} />
    </Modal>
  );
}

function RequestSignoffForm({ onClose, roadmapId }: { onClose: () => void; roadmapId: string }) {
  const { workspaceId: wid, user } = useWorkspace();
  const [, navigate] = useLocation();
  const qc = useQueryClient();
  const preflight = usePreflight(wid, roadmapId, true);
  const members = useAllMembers(wid);
  const teams = useTeams(wid);
  const versions = useVersions(wid, roadmapId);
  const create = useCreateSignoff(wid, roadmapId);
  const [formError, setFormError] = useState<string | null>(null);
  const failures = preflight.data?.smartFailures ?? [];

  const form = useForm<Values>({
    initialValues: { ...EMPTY, deadline: defaultDeadline() },
    validate: {
      approvers: (a) => (a.personIds.length + a.teamIds.length ? null : "Add at least one approver"),
      deadline: validDeadline,
      versionId: (v, values) => (values.versionMode === "existing" && !v ? "Choose a version" : null),
      overrideReason: (v, values) =>
        values.versionMode === "snapshot" && failures.length && !v.trim()
          ? "Say why it goes for sign-off despite the failing checks"
          : null,
    },
  });

  // People may have joined since the pickers last loaded (the form mounts on each opening).
  useEffect(() => {
    void qc.invalidateQueries({ queryKey: wsKey(wid, "members") });
    void qc.invalidateQueries({ queryKey: wsKey(wid, "teams") });
  }, [qc, wid]);

  const submit = (v: Values) => {
    setFormError(null);
    create.mutate(
      {
        versionId: v.versionMode === "existing" ? (v.versionId ?? undefined) : undefined,
        approvers: toApproverInputs(v.approvers),
        deadline: new Date(v.deadline).toISOString(),
        message: v.message.trim(),
        reminders: v.reminders,
        overrideReason: v.overrideReason.trim() || undefined,
      },
      {
        onSuccess: (s) => {
          notifySuccess(
            `${s.counts.approvers} approvers were asked to sign off ${s.roadmapName} by ${formatInZone(s.deadline, user.timezone)}.`,
            "Sign-off requested",
          );
          onClose();
          navigate(signoffPaths.signoff(wid, s.id));
        },
        onError: (err) => {
          if (err instanceof ApiError && err.status === 409) void preflight.refetch();
          const msg = applyApiError(form, err);
          const approverError =
            err instanceof ApiError
              ? Object.keys(err.fields).find((k) => k.startsWith("approvers"))
              : undefined;
          if (approverError && err instanceof ApiError)
            form.setFieldError("approvers", err.fields[approverError]);
          setFormError(msg);
        },
      },
    );
  };

  const openId = preflight.data?.openSignoffId;
  const approversError = form.errors.approvers ? String(form.errors.approvers) : null;
  const versionOptions = (versions.data ?? []).map((v) => ({
    value: v.id,
    label: `v${v.number} · ${v.name}${v.approvedAt ? " (approved baseline)" : ""}`,
  }));

  return (
    <>
      {preflight.isPending ? (
        <Stack gap="sm" aria-busy="true" aria-label="Checking the roadmap">
          <Skeleton h={36} />
          <Skeleton h={120} />
        </Stack>
      ) : openId ? (
        <Alert variant="light" icon={<IconInfoCircle size={18} />} title="Sign-off in progress">
          This roadmap already has an open sign-off request.{" "}
          <Anchor component={Link} href={signoffPaths.signoff(wid, openId)} onClick={onClose}>
            Open the request
          </Anchor>{" "}
          to revise, extend or cancel it.
        </Alert>
      ) : (
        <form onSubmit={form.onSubmit(submit)} noValidate>
          <Stack gap="md">
            <FormError error={formError} />
            {preflight.data?.baseline ? (
              <Text size="sm" c="dimmed">
                Approvers will see what changed since the approved baseline v{preflight.data.baseline.number}{" "}
                · {preflight.data.baseline.name} ({formatDate(preflight.data.baseline.approvedAt)}).
              </Text>
            ) : (
              <Text size="sm" c="dimmed">
                No approved baseline yet: approvers review all {preflight.data?.itemCount ?? 0} items.
              </Text>
            )}
            <ApproversField
              value={form.values.approvers}
              onChange={(a) => {
                form.setFieldValue("approvers", a);
                form.clearFieldError("approvers");
              }}
              members={members.data ?? []}
              teams={teams.items}
              loading={members.isPending || teams.isPending}
              error={approversError}
            />
            <Stack gap={4}>
              <TextInput
                type="datetime-local"
                label="Deadline"
                required
                description={`Entered in this browser's time zone (${browserTimeZone()})`}
                {...form.getInputProps("deadline")}
              />
              <DeadlineHint value={form.values.deadline} timeZone={user.timezone} />
            </Stack>
            <Textarea
              label="Message to approvers"
              placeholder="What you need from them, and what to look at first"
              autosize
              minRows={2}
              maxRows={6}
              {...form.getInputProps("message")}
            />
            <RemindersField
              value={form.values.reminders}
              onChange={(r) => form.setFieldValue("reminders", r)}
              error={form.errors.reminders ? String(form.errors.reminders) : null}
            />
            <Radio.Group label="Version to sign off" {...form.getInputProps("versionMode")}>
              <Stack gap={6} mt={6}>
                <Radio value="snapshot" label="Snapshot the roadmap now (saves a new version)" />
                <Radio
                  value="existing"
                  label="An existing version"
                  disabled={!versions.isPending && versionOptions.length === 0}
                />
              </Stack>
            </Radio.Group>
            {form.values.versionMode === "existing" ? (
              <Select
                label="Version"
                placeholder={versions.isPending ? "Loading versions…" : "Choose a version"}
                data={versionOptions}
                searchable
                {...form.getInputProps("versionId")}
              />
            ) : null}
            {form.values.versionMode === "snapshot" ? (
              <SmartOverride failures={failures} inputProps={form.getInputProps("overrideReason")} />
            ) : (
              <Textarea
                label="Override reason, if the version fails SMART checks (approvers will see it)"
                autosize
                minRows={1}
                maxRows={4}
                {...form.getInputProps("overrideReason")}
              />
            )}
            <Group justify="flex-end" mt="xs">
              <Button variant="default" onClick={onClose}>
                Cancel
              </Button>
              <Button type="submit" loading={create.isPending} leftSection={<IconSend size={16} />}>
                {failures.length && form.values.versionMode === "snapshot"
                  ? "Override and send"
                  : "Send request"}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </>
  );
}
