import { AppShell, Box, Burger, Button, Center, Group, Modal, Stack, Text, Title } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { Suspense, useEffect, useMemo } from "react";
import { Link, Route, Switch, useLocation, useRoute } from "wouter";
import { useSession } from "../../api/session.ts";
import { ErrorBoundary } from "../../components/ErrorBoundary.tsx";
import { LogoMark } from "../../components/Logo.tsx";
import { PageLoader } from "../../components/States.tsx";
import { paths, rememberWorkspace } from "../../lib/paths.ts";
import { makeWorkspaceState, WorkspaceContext } from "../../lib/workspace.ts";
import { NotificationsBell } from "../notifications/NotificationsBell.tsx";
import { ColorSchemeToggle } from "./ColorSchemeToggle.tsx";
import { CreateWorkspaceForm } from "./CreateWorkspaceForm.tsx";
import { Navbar } from "./Navbar.tsx";
import { pages, preloadAll } from "./pages.ts";
import { UserMenu } from "./UserMenu.tsx";
import { WorkspaceSwitcher } from "./WorkspaceSwitcher.tsx";

const {
  HomePage,
  ProductsPage,
  PeoplePage,
  SettingsPage,
  AuditPage,
  AccountPage,
  ComingSoonPage,
  CommandPalette,
  RoundsPage,
  RoundPage,
  IdeasIndexPage,
  BacklogPage,
  IdeaPage,
  ChangelogPage,
  ObjectivesPage,
  CapacityPage,
  RoadmapsPage,
  RoadmapPage,
  RoadmapPrintPage,
  SignoffsPage,
  SignoffPage,
  FeedbackPage,
  ThemesPage,
  CustomersPage,
  PersonPage,
  CompanyPage,
  SourcesPage,
  ChangesPage,
  MonitorHealthPage,
  ChangePage,
  CompetitorsPage,
  CompetitorPage,
  BattlecardPrintPage,
  MatrixPage,
  MatrixIndexPage,
} = pages;

/** The signed-in app: header, navbar, the workspace's pages, the command palette. */
export function Shell() {
  const [, params] = useRoute<{ workspaceId: string }>("/w/:workspaceId/*?");
  const session = useSession().data!;
  const wid = params?.workspaceId ?? "";
  const ws = session.workspaces.find((w) => w.id === wid);
  const state = useMemo(() => (ws ? makeWorkspaceState(session, ws) : null), [session, ws]);

  useEffect(() => {
    if (ws) rememberWorkspace(ws.id);
  }, [ws]);

  useEffect(() => preloadAll(), []);

  if (!state) return <WorkspaceNotFound />;
  return (
    <WorkspaceContext.Provider value={state}>
      <Layout />
    </WorkspaceContext.Provider>
  );
}

function Layout() {
  const [navOpened, nav] = useDisclosure(false);
  const [createOpened, create] = useDisclosure(false);
  const [location] = useLocation();

  // A new page closes the mobile navbar and moves focus to the content, for keyboard and screen readers.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on every navigation
  useEffect(() => {
    nav.close();
    // …unless a dialog opened with the page (e.g. "?new=1"): it keeps the focus.
    if (!document.activeElement?.closest('[role="dialog"]')) {
      document.getElementById("main-content")?.focus({ preventScroll: true });
    }
    window.scrollTo(0, 0);
  }, [location, nav.close]);

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 252, breakpoint: "sm", collapsed: { mobile: !navOpened } }}
      padding={0}
    >
      <a href="#main-content" className="baton-skip-link">
        Skip to content
      </a>
      <AppShell.Header px="md">
        <Group h="100%" justify="space-between" wrap="nowrap">
          <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
            <Burger
              opened={navOpened}
              onClick={nav.toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={navOpened ? "Close navigation" : "Open navigation"}
            />
            <Box
              component={Link}
              href="/"
              aria-label="Baton home"
              visibleFrom="xs"
              style={{ display: "flex" }}
            >
              <LogoMark size={26} />
            </Box>
            <Text c="dimmed" visibleFrom="xs" fz="lg" fw={300} aria-hidden>
              /
            </Text>
            <WorkspaceSwitcher onCreate={create.open} />
          </Group>
          <Group gap={6} wrap="nowrap">
            <ColorSchemeToggle />
            <NotificationsBell />
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar aria-label="Main navigation">
        <Navbar onNavigate={nav.close} />
      </AppShell.Navbar>
      <AppShell.Main>
        <Box id="main-content" tabIndex={-1} style={{ outline: "none" }}>
          <ErrorBoundary resetKey={location}>
            <Suspense fallback={<PageLoader />}>
              <Switch>
                <Route path="/w/:wid" component={HomePage} />
                <Route path="/w/:wid/products" component={ProductsPage} />
                <Route path="/w/:wid/people/:tab?" component={PeoplePage} />
                <Route path="/w/:wid/settings/:tab?" component={SettingsPage} />
                <Route path="/w/:wid/audit" component={AuditPage} />
                <Route path="/w/:wid/account/:tab?" component={AccountPage} />
                <Route path="/w/:wid/rounds" component={RoundsPage} />
                <Route path="/w/:wid/rounds/:id" component={RoundPage} />
                <Route path="/w/:wid/ideas" component={IdeasIndexPage} />
                <Route path="/w/:wid/ideas/:id" component={IdeaPage} />
                <Route path="/w/:wid/products/:pid/ideas" component={BacklogPage} />
                <Route path="/w/:wid/products/:pid/changelog" component={ChangelogPage} />
                <Route path="/w/:wid/products/:pid/matrix" component={MatrixPage} />
                <Route path="/w/:wid/objectives/:tab?" component={ObjectivesPage} />
                <Route path="/w/:wid/capacity" component={CapacityPage} />
                <Route path="/w/:wid/roadmap" component={RoadmapsPage} />
                <Route path="/w/:wid/signoffs" component={SignoffsPage} />
                <Route path="/w/:wid/signoffs/:id" component={SignoffPage} />
                <Route path="/w/:wid/roadmaps/:id/print" component={RoadmapPrintPage} />
                <Route path="/w/:wid/roadmaps/:id/:view?" component={RoadmapPage} />
                <Route path="/w/:wid/feedback" component={FeedbackPage} />
                <Route path="/w/:wid/feedback/themes" component={ThemesPage} />
                <Route path="/w/:wid/customers/people/:id" component={PersonPage} />
                <Route path="/w/:wid/customers/companies/:id" component={CompanyPage} />
                <Route path="/w/:wid/customers/:tab?" component={CustomersPage} />
                <Route path="/w/:wid/sources" component={SourcesPage} />
                <Route path="/w/:wid/changes" component={ChangesPage} />
                <Route path="/w/:wid/changes/:id" component={ChangePage} />
                <Route path="/w/:wid/monitors" component={MonitorHealthPage} />
                <Route path="/w/:wid/competitors" component={CompetitorsPage} />
                <Route path="/w/:wid/competitors/:cid/battlecard/print" component={BattlecardPrintPage} />
                <Route path="/w/:wid/competitors/:cid" component={CompetitorPage} />
                <Route path="/w/:wid/matrix" component={MatrixIndexPage} />
                <Route path="/w/:wid/:module" component={ComingSoonPage} />
                <Route>
                  <InAppNotFound />
                </Route>
              </Switch>
            </Suspense>
          </ErrorBoundary>
        </Box>
      </AppShell.Main>
      <Modal opened={createOpened} onClose={create.close} title="Create a workspace">
        <Stack gap="md">
          <Text size="sm" c="dimmed">
            A workspace holds its own products, people and settings. You will be its owner.
          </Text>
          <CreateWorkspaceForm onDone={create.close} />
        </Stack>
      </Modal>
      <Suspense fallback={null}>
        <CommandPalette openCreateWorkspace={create.open} />
      </Suspense>
    </AppShell>
  );
}

function InAppNotFound() {
  return (
    <Center py={96} px="md">
      <Stack align="center" gap="xs">
        <Title order={2}>Nothing here</Title>
        <Text c="dimmed">This page does not exist in this workspace.</Text>
      </Stack>
    </Center>
  );
}

function WorkspaceNotFound() {
  return (
    <Center h="100vh" px="md">
      <Stack align="center" gap="xs" maw={440} ta="center">
        <Title order={2}>Workspace not found</Title>
        <Text c="dimmed">
          It does not exist, or you are not a member of it (any more). Ask an admin of the workspace to invite
          you.
        </Text>
        <Button component={Link} href={paths.root} mt="md">
          Go to my workspaces
        </Button>
      </Stack>
    </Center>
  );
}
