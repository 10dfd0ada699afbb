import { ActionIcon, Button, Group, Menu, Modal, Stack, Text, Textarea, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useDisclosure } from "@mantine/hooks";
import { IconAlarm, IconCalendarPlus, IconDots, IconGitBranch, IconUsers, IconX } from "@tabler/icons-react";
import type { UseMutationResult } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
import type { SignoffDetail } from "../../../shared/signoff.schemas.ts";
import { applyApiError, notifyError, notifySuccess } from "../../components/feedback.tsx";
import { FormError } from "../../components/States.tsx";
import { pluralize } from "../../lib/format.ts";
import { useOpenings } from "../../lib/openings.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { EditApproversModal } from "./EditApproversModal.tsx";
import { useCancelSignoff, useExtend, usePreflight, useRemindNow, useRevise } from "./hooks.ts";
import {
  browserTimeZone,
  DeadlineHint,
  formatInZone,
  type SignoffModalProps,
  toLocalInput,
  validDeadline,
} from "./parts.tsx";
import { SmartOverride } from "./SmartOverride.tsx";

/**
 * The error state of a dialog on the request (each dialog is keyed by its openings in ManageActions, so each
 * opening starts from a fresh form); `send` runs a write, then says so (`done`) and closes, or puts the API error
 * on the form.
 */
function useDialogForm(
  { onClose }: Pick<SignoffModalProps, "onClose">,
  form: Parameters<typeof applyApiError>[0],
) {
  const [error, setError] = useState<string | null>(null);
  const send = <I,>(
    mutation: Pick<UseMutationResult<SignoffDetail, Error, I>, "mutate">,
    input: I,
    done: (s: SignoffDetail) => void,
  ) => {
    setError(null);
    mutation.mutate(input, {
      onSuccess: (s) => {
        done(s);
        onClose();
      },
      onError: (err) => setError(applyApiError(form, err)),
    });
  };
  return { error, send };
}

function Footer({
  onClose,
  loading,
  children,
}: {
  onClose: () => void;
  loading: boolean;
  children: ReactNode;
}) {
  return (
    <Group justify="flex-end" mt="xs">
      <Button variant="default" onClick={onClose}>
        Back
      </Button>
      <Button type="submit" loading={loading}>
        {children}
      </Button>
    </Group>
  );
}

function ReviseModal({ signoff, opened, onClose }: SignoffModalProps) {
  const { workspaceId: wid } = useWorkspace();
  const preflight = usePreflight(wid, signoff.roadmapId, opened);
  const revise = useRevise(wid, signoff.id);
  const failures = preflight.data?.smartFailures ?? [];
  const form = useForm({
    initialValues: { message: "", overrideReason: "" },
    validate: {
      overrideReason: (v) =>
        failures.length && !v.trim() ? "Say why it goes for sign-off despite the failing checks" : null,
    },
  });
  const { error, send } = useDialogForm({ onClose }, form);
  const submit = form.onSubmit((v) =>
    send(
      revise,
      { message: v.message.trim() || undefined, overrideReason: v.overrideReason.trim() || undefined },
      (s) =>
        notifySuccess(`Round ${s.round} on v${s.versionNumber} is out to the approvers.`, "Sign-off revised"),
    ),
  );
  return (
    <Modal opened={opened} onClose={onClose} title="Revise and start a new round" size="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <FormError error={error} />
          <Text size="sm">
            The roadmap as it is now is saved as a new version and sent as round {signoff.round + 1}.
            Approvers review only what changed; an approval is withdrawn from anyone whose items changed, and
            objections go back to pending.
          </Text>
          <Textarea
            label="What changed (message to approvers)"
            placeholder="e.g. Moved the sync rewrite to Q3 so Support can staff the launch"
            autosize
            minRows={2}
            maxRows={6}
            data-autofocus
            {...form.getInputProps("message")}
          />
          <SmartOverride failures={failures} inputProps={form.getInputProps("overrideReason")} />
          <Footer onClose={onClose} loading={revise.isPending || preflight.isPending}>
            Snapshot and send round {signoff.round + 1}
          </Footer>
        </Stack>
      </form>
    </Modal>
  );
}

/** Three days after the current deadline, or from now when it has passed. */
function proposedDeadline(deadline: string): string {
  const base = Math.max(Date.now(), new Date(deadline).getTime());
  return toLocalInput(new Date(base + 3 * 24 * 3600 * 1000));
}

function ExtendModal({ signoff, opened, onClose }: SignoffModalProps) {
  const { workspaceId: wid, user } = useWorkspace();
  const extend = useExtend(wid, signoff.id);
  const form = useForm({
    initialValues: { deadline: proposedDeadline(signoff.deadline), reason: "" },
    validate: {
      deadline: validDeadline,
      reason: (v) => (v.trim() ? null : "Say why the deadline moves"),
    },
  });
  const { error, send } = useDialogForm({ onClose }, form);
  const submit = form.onSubmit((v) =>
    send(extend, { deadline: new Date(v.deadline).toISOString(), reason: v.reason.trim() }, (s) =>
      notifySuccess(`The new deadline is ${formatInZone(s.deadline, user.timezone)}.`, "Deadline extended"),
    ),
  );
  return (
    <Modal opened={opened} onClose={onClose} title="Extend the deadline">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <FormError error={error} />
          <Text size="sm" c="dimmed">
            Now due {formatInZone(signoff.deadline, user.timezone)}. Approvers are told; the change is
            audited.
          </Text>
          <Stack gap={4}>
            <TextInput
              type="datetime-local"
              label="New deadline"
              required
              description={`Entered in this browser's time zone (${browserTimeZone()})`}
              {...form.getInputProps("deadline")}
            />
            <DeadlineHint value={form.values.deadline} timeZone={user.timezone} />
          </Stack>
          <Textarea label="Reason" required autosize minRows={2} {...form.getInputProps("reason")} />
          <Footer onClose={onClose} loading={extend.isPending}>
            Extend
          </Footer>
        </Stack>
      </form>
    </Modal>
  );
}

function CancelModal({ signoff, opened, onClose }: SignoffModalProps) {
  const { workspaceId: wid } = useWorkspace();
  const cancel = useCancelSignoff(wid, signoff.id);
  const form = useForm({
    initialValues: { reason: "" },
    validate: { reason: (v) => (v.trim() ? null : "Say why you cancel") },
  });
  const { error, send } = useDialogForm({ onClose }, form);
  const submit = form.onSubmit((v) =>
    send(cancel, { reason: v.reason.trim() }, () =>
      notifySuccess("Approvers were told; nothing became a baseline.", "Sign-off cancelled"),
    ),
  );
  return (
    <Modal opened={opened} onClose={onClose} title="Cancel this sign-off request?">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <FormError error={error} />
          <Text size="sm">
            Decisions stop, approvers are told, and the version does not become a baseline. You can request a
            new sign-off later.
          </Text>
          <Textarea
            label="Reason"
            required
            autosize
            minRows={2}
            data-autofocus
            {...form.getInputProps("reason")}
          />
          <Group justify="flex-end" mt="xs">
            <Button variant="default" onClick={onClose}>
              Keep it open
            </Button>
            <Button type="submit" color="red" loading={cancel.isPending}>
              Cancel request
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** The PM's actions on an open request: revise, extend, cancel. */
export function ManageActions({ signoff }: { signoff: SignoffDetail }) {
  const [reviseOpened, revise] = useDisclosure(false);
  const [extendOpened, extend] = useDisclosure(false);
  const [cancelOpened, cancel] = useDisclosure(false);
  const [approversOpened, approvers] = useDisclosure(false);
  const { workspaceId: wid } = useWorkspace();
  const remind = useRemindNow(wid, signoff.id);
  const pending = signoff.approvers.filter((a) => a.decision === "pending").length;
  // Each dialog mounts afresh on each opening (an empty form, a deadline proposed from now).
  const reviseKey = useOpenings(reviseOpened);
  const extendKey = useOpenings(extendOpened);
  const cancelKey = useOpenings(cancelOpened);
  const approversKey = useOpenings(approversOpened);
  return (
    <>
      <Button variant="default" leftSection={<IconCalendarPlus size={16} />} onClick={extend.open}>
        Extend deadline
      </Button>
      <Button leftSection={<IconGitBranch size={16} />} onClick={revise.open}>
        Revise
      </Button>
      <Menu position="bottom-end">
        <Menu.Target>
          <ActionIcon variant="default" size="lg" aria-label="More sign-off actions">
            <IconDots size={18} />
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item
            leftSection={<IconAlarm size={16} />}
            disabled={!pending || remind.isPending}
            onClick={() =>
              remind.mutate(undefined, {
                onSuccess: () =>
                  notifySuccess(`Reminded ${pluralize(pending, "approver")} who had not decided`),
                onError: (e) => notifyError(e, "No reminder sent"),
              })
            }
          >
            Remind pending approvers{pending ? ` (${pending})` : ""}
          </Menu.Item>
          <Menu.Item leftSection={<IconUsers size={16} />} onClick={approvers.open}>
            Edit approvers…
          </Menu.Item>
          <Menu.Item leftSection={<IconX size={16} />} color="red" onClick={cancel.open}>
            Cancel request…
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <ReviseModal key={reviseKey} signoff={signoff} opened={reviseOpened} onClose={revise.close} />
      <ExtendModal key={extendKey} signoff={signoff} opened={extendOpened} onClose={extend.close} />
      <CancelModal key={cancelKey} signoff={signoff} opened={cancelOpened} onClose={cancel.close} />
      <EditApproversModal
        key={approversKey}
        signoff={signoff}
        opened={approversOpened}
        onClose={approvers.close}
      />
    </>
  );
}
