import { Button, Center, Stack, Text, Title } from "@mantine/core";
import { Suspense, useEffect } from "react";
import { Redirect, Route, Switch, useLocation, useSearch } from "wouter";
import { onUnauthorized } from "./api/client.ts";
import { useDropSession, useHealth, useSession } from "./api/session.ts";
import { ErrorBoundary } from "./components/ErrorBoundary.tsx";
import { ErrorState, FullPageLoader } from "./components/States.tsx";
import { setUserTimeZone } from "./lib/format.ts";
import { lastWorkspace, paths } from "./lib/paths.ts";
import { pages } from "./modules/shell/pages.ts";

const {
  SetupPage,
  LoginPage,
  ForgotPasswordPage,
  ResetPasswordPage,
  InvitePage,
  NoWorkspacePage,
  Shell,
  SharedRoadmapPage,
  PublicChangelogPage,
  UnsubscribePage,
} = pages;

export function App() {
  const health = useHealth();
  const [location] = useLocation();
  const dropSession = useDropSession();

  // Any 401 from a data call means the session ended: forget it; the guard then sends us to log-in.
  useEffect(() => {
    const off = onUnauthorized(() => dropSession());
    return () => {
      off();
    };
  }, [dropSession]);

  if (health.isPending) return <FullPageLoader />;
  if (health.isError) {
    return (
      <Center h="100vh" p="md">
        <Stack maw={420}>
          <ErrorState error={health.error} title="Baton is not reachable" onRetry={() => health.refetch()} />
        </Stack>
      </Center>
    );
  }
  if (health.data.setupRequired && location !== paths.setup) return <Redirect to={paths.setup} replace />;

  return (
    <ErrorBoundary resetKey={location}>
      <Suspense fallback={<FullPageLoader />}>
        <Switch>
          <Route path="/setup">
            {health.data.setupRequired ? <SetupPage /> : <Redirect to="/" replace />}
          </Route>
          <Route path="/login" component={LoginPage} />
          <Route path="/forgot-password" component={ForgotPasswordPage} />
          <Route path="/reset-password" component={ResetPasswordPage} />
          <Route path="/invite/:token" component={InvitePage} />
          <Route path="/s/:token" component={SharedRoadmapPage} />
          <Route path="/changelog/:wid/:pid" component={PublicChangelogPage} />
          <Route path="/unsubscribe/:token" component={UnsubscribePage} />
          <Route path="/w/:workspaceId/*?">
            <RequireSession>
              <Shell />
            </RequireSession>
          </Route>
          <Route path="/">
            <RequireSession>
              <PickWorkspace />
            </RequireSession>
          </Route>
          <Route>
            <NotFound />
          </Route>
        </Switch>
      </Suspense>
    </ErrorBoundary>
  );
}

/** Renders its children only with a session; otherwise goes to log-in and keeps the way back. */
function RequireSession({ children }: { children: React.ReactNode }) {
  const session = useSession();
  const [location] = useLocation();
  const search = useSearch();
  if (session.isPending) return <FullPageLoader />;
  if (session.isError) {
    return (
      <Center h="100vh" p="md">
        <Stack maw={420}>
          <ErrorState error={session.error} onRetry={() => session.refetch()} />
        </Stack>
      </Center>
    );
  }
  if (!session.data) return <Redirect to={paths.login(location + (search ? `?${search}` : ""))} replace />;
  // Dates show in the account's time zone (lib/format.ts), set before the pages under it render.
  setUserTimeZone(session.data.user.timezone);
  return <>{children}</>;
}

/** `/`: the last workspace used, or the first one, or a page to create one. */
function PickWorkspace() {
  const session = useSession();
  const workspaces = session.data?.workspaces ?? [];
  if (workspaces.length === 0) return <NoWorkspacePage />;
  const last = lastWorkspace();
  const target = workspaces.find((w) => w.id === last) ?? workspaces[0]!;
  return <Redirect to={paths.home(target.id)} replace />;
}

function NotFound() {
  return (
    <Center h="100vh" p="md">
      <Stack align="center" gap="xs">
        <Text c="dimmed" fw={600}>
          404
        </Text>
        <Title order={2}>This page does not exist</Title>
        <Text c="dimmed">The link may be old, or mistyped.</Text>
        <Button component="a" href="/" mt="md">
          Go to Baton
        </Button>
      </Stack>
    </Center>
  );
}
