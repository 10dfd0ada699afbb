import {
  Alert,
  Anchor,
  Button,
  Group,
  Paper,
  PasswordInput,
  Skeleton,
  Stack,
  Text,
  TextInput,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconAlertTriangle, IconMailOpened } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useLocation, useParams } from "wouter";
import { ROLE_LABELS } from "../../../shared/enums.ts";
import { api, errorMessage } from "../../api/client.ts";
import { useAcceptSession, useDropSession, useSession } from "../../api/session.ts";
import type { InvitationPreview, SessionInfo } from "../../api/types.ts";
import { RoleBadge } from "../../components/Badges.tsx";
import { applyApiError } from "../../components/feedback.tsx";
import { browserTimeZone, formatDate } from "../../lib/format.ts";
import { paths, rememberWorkspace } from "../../lib/paths.ts";
import { required, validPassword } from "../../lib/validation.ts";
import { AuthLayout } from "./AuthLayout.tsx";

/** `/invite/:token`: preview the invitation, then join (logging in or creating the account first). */
export function InvitePage() {
  const { token = "" } = useParams<{ token: string }>();
  const session = useSession();
  const preview = useQuery({
    queryKey: ["invitation", token],
    queryFn: () => api.get<InvitationPreview>(`/invitations/${encodeURIComponent(token)}`),
    retry: false,
  });

  if (preview.isPending || session.isPending) {
    return (
      <AuthLayout title="Invitation">
        <Stack gap="sm" aria-busy="true">
          <Skeleton height={18} width="80%" />
          <Skeleton height={18} width="60%" />
          <Skeleton height={40} mt="md" />
        </Stack>
      </AuthLayout>
    );
  }
  if (preview.isError) {
    return (
      <AuthLayout title="This invitation cannot be used">
        <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={18} />} role="alert">
          {errorMessage(preview.error)}
        </Alert>
        <Text size="sm" c="dimmed">
          Ask the person who invited you to send a new invitation.
        </Text>
        <Button component={Link} href="/" variant="default">
          Go to Baton
        </Button>
      </AuthLayout>
    );
  }

  const inv = preview.data;
  const me = session.data;
  return (
    <AuthLayout
      title={`Join ${inv.workspaceName}`}
      subtitle={
        <>
          {inv.invitedBy ? <b>{inv.invitedBy}</b> : "Someone"} invited you to <b>{inv.workspaceName}</b> on
          Baton.
        </>
      }
      width={460}
    >
      <Paper withBorder p="md" radius="md" bg="var(--mantine-color-default-hover)">
        <Group justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
            <IconMailOpened size={20} style={{ flexShrink: 0 }} />
            <Stack gap={0} style={{ minWidth: 0 }}>
              <Text size="sm" fw={600} truncate>
                {inv.email}
              </Text>
              <Text size="xs" c="dimmed">
                Valid until {formatDate(inv.expiresAt)}
              </Text>
            </Stack>
          </Group>
          <RoleBadge role={inv.role} />
        </Group>
      </Paper>
      {me ? (
        me.user.email.toLowerCase() === inv.email.toLowerCase() ? (
          <JoinAsMe token={token} me={me} />
        ) : (
          <WrongAccount me={me} inv={inv} token={token} />
        )
      ) : inv.accountExists ? (
        <Stack gap="sm">
          <Text size="sm">
            You already have a Baton account for <b>{inv.email}</b>. Log in to accept the invitation.
          </Text>
          <Button
            component={Link}
            href={`/login?next=${encodeURIComponent(paths.invite(token))}&email=${encodeURIComponent(inv.email)}`}
            size="md"
            fullWidth
          >
            Log in to accept
          </Button>
        </Stack>
      ) : (
        <CreateAccount token={token} inv={inv} />
      )}
    </AuthLayout>
  );
}

/** After accepting, go to the workspace just joined (the one that was not in the list before). */
function useJoined() {
  const [, navigate] = useLocation();
  const acceptSession = useAcceptSession();
  return (s: SessionInfo, before: string[], name: string) => {
    acceptSession(s);
    const joined =
      s.workspaces.find((w) => !before.includes(w.id)) ??
      s.workspaces.find((w) => w.name === name) ??
      s.workspaces[0];
    if (joined) {
      rememberWorkspace(joined.id);
      navigate(paths.home(joined.id), { replace: true });
    } else navigate("/", { replace: true });
  };
}

function JoinAsMe({ token, me }: { token: string; me: SessionInfo }) {
  const joined = useJoined();
  const qc = useQueryClient();
  const preview = qc.getQueryData<InvitationPreview>(["invitation", token]);
  const accept = useMutation({
    mutationFn: () => api.post<SessionInfo>("/invitations/accept", { token }),
    onSuccess: (s) =>
      joined(
        s,
        me.workspaces.map((w) => w.id),
        preview?.workspaceName ?? "",
      ),
  });
  return (
    <Stack gap="sm">
      <Text size="sm">
        You are logged in as <b>{me.user.name}</b>.
      </Text>
      {accept.isError ? (
        <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} role="alert">
          {errorMessage(accept.error)}
        </Alert>
      ) : null}
      <Button size="md" fullWidth loading={accept.isPending} onClick={() => accept.mutate()}>
        Accept and join
      </Button>
    </Stack>
  );
}

function WrongAccount({ me, inv, token }: { me: SessionInfo; inv: InvitationPreview; token: string }) {
  const dropSession = useDropSession();
  const [, navigate] = useLocation();
  const logout = useMutation({
    mutationFn: () => api.post("/auth/logout"),
    onSettled: () => {
      dropSession();
      navigate(paths.invite(token), { replace: true });
    },
  });
  return (
    <Stack gap="sm">
      <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={18} />}>
        You are logged in as <b>{me.user.email}</b>, but this invitation is for <b>{inv.email}</b>.
      </Alert>
      <Button size="md" fullWidth loading={logout.isPending} onClick={() => logout.mutate()}>
        Log out and continue as {inv.email}
      </Button>
      <Button component={Link} href="/" variant="subtle">
        Keep me logged in
      </Button>
    </Stack>
  );
}

function CreateAccount({ token, inv }: { token: string; inv: InvitationPreview }) {
  const joined = useJoined();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { name: "", password: "", confirm: "" },
    validate: {
      name: required("Your name"),
      password: validPassword,
      confirm: (v, values) => (v === values.password ? null : "The passwords do not match"),
    },
  });
  const accept = useMutation({
    mutationFn: (v: typeof form.values) =>
      api.post<SessionInfo>("/invitations/accept", {
        token,
        name: v.name,
        password: v.password,
        timezone: browserTimeZone(),
      }),
    onSuccess: (s) => joined(s, [], inv.workspaceName),
    onError: (err) => setFormError(applyApiError(form, err)),
  });
  return (
    <form
      onSubmit={form.onSubmit((v) => {
        setFormError(null);
        accept.mutate(v);
      })}
      noValidate
    >
      <Stack gap="md">
        <Text size="sm">
          Create your account to join as {ROLE_LABELS[inv.role].toLowerCase()}. Your e-mail is{" "}
          <b>{inv.email}</b>.
        </Text>
        {formError ? (
          <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} role="alert">
            {formError}
          </Alert>
        ) : null}
        <TextInput label="Your name" autoComplete="name" required {...form.getInputProps("name")} />
        <PasswordInput
          label="Choose a password"
          description="At least 10 characters"
          autoComplete="new-password"
          required
          {...form.getInputProps("password")}
        />
        <PasswordInput
          label="Repeat the password"
          autoComplete="new-password"
          required
          {...form.getInputProps("confirm")}
        />
        <Button type="submit" size="md" fullWidth loading={accept.isPending}>
          Create account and join
        </Button>
        <Text size="xs" c="dimmed" ta="center">
          Already have an account with another e-mail?{" "}
          <Anchor component={Link} href={`/login?next=${encodeURIComponent(paths.invite(token))}`} size="xs">
            Log in
          </Anchor>
        </Text>
      </Stack>
    </form>
  );
}
