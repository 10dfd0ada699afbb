import { AppShell, Badge, Group, NavLink, ScrollArea, Text, UnstyledButton } from "@mantine/core";
import { spotlight } from "@mantine/spotlight";
import {
  type Icon,
  IconAddressBook,
  IconChecklist,
  IconGauge,
  IconHeartbeat,
  IconHistory,
  IconHome,
  IconPackage,
  IconPlugConnected,
  IconRadar,
  IconScale,
  IconSearch,
  IconSettings,
  IconTable,
  IconUsersGroup,
} from "@tabler/icons-react";
import { Fragment } from "react";
import { Link, useLocation } from "wouter";
import { MODULES } from "../../lib/modules.tsx";
import { paths } from "../../lib/paths.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { useWaitingSignoffs } from "../signoffs/hooks.ts";

const isMac =
  typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);

interface Item {
  href: string;
  label: string;
  icon: Icon;
  exact?: boolean;
  /** The prefix that makes the item active (defaults to href). */
  match?: string;
  badge?: string;
  /** Things waiting for me there (a filled badge). */
  count?: number;
}

function Item({ item, location, onNavigate }: { item: Item; location: string; onNavigate: () => void }) {
  const base = item.match ?? item.href;
  const active = item.exact ? location === item.href : location === base || location.startsWith(`${base}/`);
  const Icon = item.icon;
  return (
    <NavLink
      component={Link}
      href={item.href}
      label={item.label}
      active={active}
      aria-current={active ? "page" : undefined}
      onClick={onNavigate}
      leftSection={<Icon size={18} stroke={1.6} />}
      rightSection={
        item.count ? (
          <Badge size="xs" variant="filled" circle aria-label={`${item.count} waiting for you`}>
            {item.count}
          </Badge>
        ) : item.badge ? (
          <Badge size="xs" variant="default" radius="sm" c="dimmed" fw={500}>
            {item.badge}
          </Badge>
        ) : null
      }
      styles={{ root: { borderRadius: "var(--mantine-radius-md)" }, label: { fontWeight: 500 } }}
      py={7}
    />
  );
}

export function Navbar({ onNavigate }: { onNavigate: () => void }) {
  const { workspaceId: wid, can } = useWorkspace();
  const waiting = useWaitingSignoffs(wid, can("signoffs.decide"));
  const [rawLocation] = useLocation();
  // A product's ideas backlog belongs to "Ideas" in the navbar, not to "Products".
  // A roadmap's pages belong to "Roadmap".
  const location = rawLocation
    .replace(/^(\/w\/[^/]+)\/products\/[^/]+\/ideas$/, "$1/ideas")
    .replace(/^(\/w\/[^/]+)\/roadmaps\/.*$/, "$1/roadmap")
    .replace(/^(\/w\/[^/]+)\/products\/[^/]+\/matrix$/, "$1/matrix");
  const main: Item[] = [
    { href: paths.home(wid), label: "Home", icon: IconHome, exact: true },
    { href: paths.products(wid), label: "Products", icon: IconPackage },
    { href: paths.people(wid), label: "People & Teams", icon: IconUsersGroup, match: `/w/${wid}/people` },
  ];
  const admin: Item[] = [
    { href: paths.settings(wid), label: "Settings", icon: IconSettings, match: `/w/${wid}/settings` },
    ...(can("audit.read") ? [{ href: paths.audit(wid), label: "Audit log", icon: IconHistory }] : []),
  ];
  return (
    <>
      <AppShell.Section p="sm" pb={0}>
        <UnstyledButton
          onClick={() => spotlight.open()}
          w="100%"
          px="sm"
          py={7}
          aria-label="Search and commands"
          style={{
            border: "1px solid var(--mantine-color-default-border)",
            borderRadius: "var(--mantine-radius-md)",
            background: "var(--mantine-color-body)",
          }}
        >
          <Group justify="space-between" wrap="nowrap">
            <Group gap={8} wrap="nowrap">
              <IconSearch size={16} stroke={1.7} style={{ opacity: 0.6 }} />
              <Text size="sm" c="dimmed">
                Search…
              </Text>
            </Group>
            <span className="baton-kbd-hint">{isMac ? "⌘K" : "Ctrl K"}</span>
          </Group>
        </UnstyledButton>
      </AppShell.Section>
      <AppShell.Section grow component={ScrollArea} p="sm" type="scroll">
        <nav aria-label="Workspace">
          {main.map((i) => (
            <Item key={i.href} item={i} location={location} onNavigate={onNavigate} />
          ))}
        </nav>
        <div className="baton-nav-section" id="nav-modules-label">
          Product loop
        </div>
        <nav aria-labelledby="nav-modules-label">
          {MODULES.map((m) => (
            <Fragment key={m.key}>
              <Item
                item={{
                  href: paths.module(wid, m.key),
                  label: m.label,
                  icon: m.icon,
                  badge: m.comingSoon ? "Soon" : undefined,
                }}
                location={location}
                onNavigate={onNavigate}
              />
              {m.key === "ideas" ? (
                <Item
                  item={{ href: `/w/${wid}/rounds`, label: "Scoring rounds", icon: IconScale }}
                  location={location}
                  onNavigate={onNavigate}
                />
              ) : null}
              {m.key === "feedback" ? (
                <>
                  <Item
                    item={{ href: `/w/${wid}/customers`, label: "Customers", icon: IconAddressBook }}
                    location={location}
                    onNavigate={onNavigate}
                  />
                  <Item
                    item={{ href: `/w/${wid}/sources`, label: "Sources", icon: IconPlugConnected }}
                    location={location}
                    onNavigate={onNavigate}
                  />
                </>
              ) : null}
              {m.key === "competitors" && can("competitors.read") ? (
                <>
                  <Item
                    item={{ href: `/w/${wid}/matrix`, label: "Feature matrix", icon: IconTable }}
                    location={location}
                    onNavigate={onNavigate}
                  />
                  <Item
                    item={{ href: `/w/${wid}/changes`, label: "Changes", icon: IconRadar }}
                    location={location}
                    onNavigate={onNavigate}
                  />
                  <Item
                    item={{ href: `/w/${wid}/monitors`, label: "Monitor health", icon: IconHeartbeat }}
                    location={location}
                    onNavigate={onNavigate}
                  />
                </>
              ) : null}
              {m.key === "roadmap" ? (
                <>
                  <Item
                    item={{ href: `/w/${wid}/capacity`, label: "Capacity", icon: IconGauge }}
                    location={location}
                    onNavigate={onNavigate}
                  />
                  <Item
                    item={{
                      href: `/w/${wid}/signoffs`,
                      label: "Sign-offs",
                      icon: IconChecklist,
                      count: waiting.items.length || undefined,
                    }}
                    location={location}
                    onNavigate={onNavigate}
                  />
                </>
              ) : null}
            </Fragment>
          ))}
        </nav>
      </AppShell.Section>
      <AppShell.Section p="sm" style={{ borderTop: "1px solid var(--mantine-color-default-border)" }}>
        <nav aria-label="Administration">
          {admin.map((i) => (
            <Item key={i.href} item={i} location={location} onNavigate={onNavigate} />
          ))}
        </nav>
      </AppShell.Section>
    </>
  );
}
