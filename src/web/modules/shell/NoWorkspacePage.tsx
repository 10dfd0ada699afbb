import { Button, Stack, Text } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { useLocation } from "wouter";
import { api } from "../../api/client.ts";
import { useDropSession, useSession } from "../../api/session.ts";
import { AuthLayout } from "../auth/AuthLayout.tsx";
import { CreateWorkspaceForm } from "./CreateWorkspaceForm.tsx";

/** A logged-in user who belongs to no workspace (removed from all of them): create one. */
export function NoWorkspacePage() {
  const session = useSession();
  const dropSession = useDropSession();
  const [, navigate] = useLocation();
  const logout = useMutation({
    mutationFn: () => api.post("/auth/logout"),
    onSettled: () => {
      dropSession();
      navigate("/login", { replace: true });
    },
  });
  return (
    <AuthLayout
      title="Create a workspace"
      subtitle={`${session.data?.user.name ?? "You"}, you are not a member of any workspace yet. Create one, or open an invitation link you received.`}
    >
      <CreateWorkspaceForm />
      <Stack gap={4} align="center">
        <Text size="xs" c="dimmed">
          Logged in as {session.data?.user.email}
        </Text>
        <Button variant="subtle" size="xs" onClick={() => logout.mutate()} loading={logout.isPending}>
          Log out
        </Button>
      </Stack>
    </AuthLayout>
  );
}
