import { Anchor, Button, Menu, Select, Tabs, Text, Tooltip } from "@mantine/core";
import {
  IconAdjustmentsHorizontal,
  IconBulb,
  IconChartDots3,
  IconDownload,
  IconList,
  IconPlus,
  IconSearch,
  IconUpload,
} from "@tabler/icons-react";
import { Link } from "wouter";
import { FRAMEWORKS, type Framework } from "../../../shared/enums.ts";
import { EmptyBlock } from "../../components/States.tsx";

const FRAMEWORK_SHORT: Record<Framework, string> = {
  weighted: "Weighted",
  rice: "RICE",
  ice: "ICE",
  wsjf: "WSJF",
};

/** The backlog's two views: the ranked list and the value-vs-effort matrix. */
export function BacklogTabs({ tab, onTab }: { tab: string | null; onTab: (t: string | null) => void }) {
  return (
    <Tabs value={tab} onChange={onTab} variant="pills" radius="md">
      <Tabs.List>
        <Tabs.Tab value="list" leftSection={<IconList size={16} />}>
          Ranked list
        </Tabs.Tab>
        <Tabs.Tab value="matrix" leftSection={<IconChartDots3 size={16} />}>
          Value vs effort
        </Tabs.Tab>
      </Tabs.List>
    </Tabs>
  );
}

/** Personal "view by": sorts the list by another framework's score, without changing the product's ranking. */
export function ViewBySelect({ value, onChange }: { value: string; onChange: (v: string | null) => void }) {
  return (
    <Select
      size="xs"
      w={170}
      aria-label="View by (only for you)"
      title="Only for you: sorts this list by a framework's score; the product's ranking stays"
      data={[
        { value: "product", label: "View by: product rank" },
        ...FRAMEWORKS.map((f) => ({ value: f, label: `View by: ${FRAMEWORK_SHORT[f]}` })),
      ]}
      value={value}
      onChange={onChange}
      allowDeselect={false}
    />
  );
}

/** No ideas yet (with ways to add some), or none matching the filters (with a way to clear them). */
export function BacklogEmpty({
  filtered,
  canWrite,
  canImport,
  onClear,
  onNew,
  onImport,
}: {
  filtered: boolean;
  canWrite: boolean;
  canImport: boolean;
  onClear: () => void;
  onNew: () => void;
  onImport: () => void;
}) {
  return filtered ? (
    <EmptyBlock
      size="sm"
      icon={<IconSearch size={22} />}
      title="No idea matches"
      description="Try another search, status, tag or owner."
    >
      <Button variant="default" onClick={onClear}>
        Clear filters
      </Button>
    </EmptyBlock>
  ) : (
    <EmptyBlock
      icon={<IconBulb size={26} />}
      title="No ideas yet"
      description="Collect every candidate feature here: stakeholders score them on the factors, and the backlog ranks itself."
    >
      {canWrite ? (
        <Button leftSection={<IconPlus size={16} />} onClick={onNew}>
          Add the first idea
        </Button>
      ) : null}
      {canImport ? (
        <Button variant="default" leftSection={<IconUpload size={16} />} onClick={onImport}>
          Import a CSV
        </Button>
      ) : null}
      {!canWrite ? (
        <Text size="sm" c="dimmed">
          Contributors and product managers can add ideas.
        </Text>
      ) : null}
    </EmptyBlock>
  );
}

/** The list's keyboard help under the table. */
export function KeyboardHint({ canSelect }: { canSelect: boolean }) {
  return (
    <Text size="xs" c="dimmed">
      <kbd>j</kbd>/<kbd>k</kbd> or arrows to move, <kbd>Enter</kbd> to open
      {canSelect ? (
        <>
          , <kbd>x</kbd> to select
        </>
      ) : null}
      . Click a column header to sort.
    </Text>
  );
}

/** The backlog page's actions: factors, export, import (ideas.prioritize), a new idea (ideas.write). */
export function BacklogActions({
  factorsHref,
  onExport,
  onImport,
  onNew,
}: {
  factorsHref: string;
  onExport: (format: "csv" | "json") => void;
  onImport?: () => void;
  onNew?: () => void;
}) {
  return (
    <>
      <Button
        component={Link}
        href={factorsHref}
        variant="subtle"
        leftSection={<IconAdjustmentsHorizontal size={16} />}
      >
        Factors
      </Button>
      <Menu position="bottom-end">
        <Menu.Target>
          <Button variant="default" leftSection={<IconDownload size={16} />}>
            Export
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item onClick={() => onExport("csv")}>CSV (spreadsheets)</Menu.Item>
          <Menu.Item onClick={() => onExport("json")}>JSON (everything)</Menu.Item>
        </Menu.Dropdown>
      </Menu>
      {onImport ? (
        <Button variant="default" leftSection={<IconUpload size={16} />} onClick={onImport}>
          Import
        </Button>
      ) : null}
      {onNew ? (
        <Button leftSection={<IconPlus size={16} />} onClick={onNew}>
          New idea
        </Button>
      ) : null}
    </>
  );
}

/** "Ideas · Product", the product's name linking to the product chooser. */
export function BacklogTitle({ switchHref, productName }: { switchHref: string; productName?: string }) {
  return (
    <>
      Ideas{" "}
      <Text span inherit c="dimmed" fw={400}>
        ·{" "}
        <Tooltip label="Switch product" openDelay={300}>
          <Anchor component={Link} href={switchHref} inherit c="dimmed">
            {productName ?? "…"}
          </Anchor>
        </Tooltip>
      </Text>
    </>
  );
}
