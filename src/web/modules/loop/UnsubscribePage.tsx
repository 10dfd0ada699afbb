import { Center, Loader, Paper, Stack, Text, ThemeIcon, Title } from "@mantine/core";
import { IconCircleCheck, IconLinkOff } from "@tabler/icons-react";
import { useMutation } from "@tanstack/react-query";
import { useEffect } from "react";
import { useParams } from "wouter";
import { API_BASE } from "../../api/client.ts";
import { useDocumentTitle } from "../../components/Page.tsx";

interface Result {
  workspaceName: string;
  alreadyUnsubscribed: boolean;
}

/** Plain fetch without cookies: the link's signature is the only credential. */
async function follow(token: string): Promise<Result> {
  let res: Response;
  try {
    res = await fetch(`${API_BASE}/unsubscribe`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      credentials: "omit",
      body: JSON.stringify({ token }),
    });
  } catch {
    throw new Error("Cannot reach the server. Check your connection and open the link again.");
  }
  const body = (await res.json().catch(() => null)) as (Result & { error?: { message?: string } }) | null;
  if (!res.ok) throw new Error(body?.error?.message ?? `The server answered ${res.status}`);
  return body as Result;
}

/** `/unsubscribe/:token`: the link at the end of a close-the-loop mail. Opening it unsubscribes (idempotent). */
export function UnsubscribePage() {
  const { token = "" } = useParams<{ token: string }>();
  useDocumentTitle("Unsubscribe");
  const run = useMutation({ mutationFn: follow });
  const mutate = run.mutate;
  useEffect(() => {
    mutate(token);
  }, [mutate, token]);
  return (
    <Center mih="100vh" p="md" component="main">
      <Paper withBorder radius="lg" p="xl" maw={480} w="100%">
        {run.isError ? (
          <Stack align="center" gap="sm" ta="center">
            <ThemeIcon size={48} radius="xl" color="red" variant="light">
              <IconLinkOff size={26} />
            </ThemeIcon>
            <Title order={1} fz="h3">
              This link does not work
            </Title>
            <Text size="sm">{(run.error as Error).message}</Text>
            <Text size="sm" c="dimmed">
              You can also reply to the e-mail and ask to receive no more messages.
            </Text>
          </Stack>
        ) : run.isSuccess ? (
          <Stack align="center" gap="sm" ta="center">
            <ThemeIcon size={48} radius="xl" color="teal" variant="light">
              <IconCircleCheck size={26} />
            </ThemeIcon>
            <Title order={1} fz="h3">
              {run.data.alreadyUnsubscribed ? "You were already unsubscribed" : "You are unsubscribed"}
            </Title>
            <Text size="sm">
              {run.data.workspaceName} will not send you any more messages about the feedback you gave.
            </Text>
          </Stack>
        ) : (
          <Stack align="center" gap="sm">
            <Loader size="sm" />
            <Text size="sm">Unsubscribing…</Text>
          </Stack>
        )}
      </Paper>
    </Center>
  );
}
