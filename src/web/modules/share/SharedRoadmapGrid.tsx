import { Badge, Group, Switch, Text, Tooltip } from "@mantine/core";
import { IconDiamondFilled } from "@tabler/icons-react";
import { useMemo, useState } from "react";
import { ROADMAP_ITEM_STATUS_LABELS } from "../../../shared/enums.ts";
import { formatDate } from "../../lib/format.ts";
import {
  anyUnscheduled,
  type Deck,
  type DeckItem,
  gridOf,
  laneNoun,
  lanesOf,
  milestonesIn,
  otherTeams,
  STATUS_COLOR,
  UNSCHEDULED,
} from "../roadmaps/deck.ts";
import classes from "./shared.module.css";

/** The read-only roadmap: a column per period, a row per lane, item cards that open to show their outcome. */
export function SharedRoadmapGrid({ deck }: { deck: Deck }) {
  const grid = useMemo(() => gridOf(deck), [deck]);
  const lanes = useMemo(() => lanesOf(deck), [deck]);
  const [expanded, setExpanded] = useState(false);
  const hasUnscheduled = anyUnscheduled(grid);
  const columns = [
    ...deck.periods.map((p) => ({ key: p.key, label: p.label, period: p })),
    ...(hasUnscheduled ? [{ key: UNSCHEDULED, label: "Not scheduled", period: null }] : []),
  ];
  const milestones = columns.map((c) => (c.period ? milestonesIn(deck, c.period) : []));
  const anyMilestone = milestones.some((m) => m.length > 0);
  const noun = laneNoun(deck.laneBy);

  if (deck.items.length === 0 && !anyMilestone)
    return (
      <Text c="dimmed" ta="center" py={60}>
        This version of the roadmap has no items.
      </Text>
    );

  return (
    <>
      <Group justify="space-between" mb="sm" wrap="wrap">
        <Text size="sm" c="dimmed">
          Rows by {noun.toLowerCase()}, columns by period. Select an item to see its outcome.
        </Text>
        <Switch
          label="Show all outcomes"
          checked={expanded}
          onChange={(e) => setExpanded(e.currentTarget.checked)}
        />
      </Group>
      <div className={classes.scroller}>
        <table
          className={classes.table}
          style={{ minWidth: 180 + columns.length * 230 }}
          aria-label="Roadmap"
        >
          <thead>
            <tr>
              <th scope="col" className={`${classes.corner} ${classes.laneCell}`}>
                {noun}
              </th>
              {columns.map((c) => (
                <th key={c.key} scope="col" className={classes.head}>
                  <span className={classes.headLabel}>{c.label}</span>
                  {c.period ? (
                    <span className={classes.headDates}>
                      {formatDate(c.period.start)} – {formatDate(dayBefore(c.period.end))}
                    </span>
                  ) : null}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {anyMilestone ? (
              <tr>
                <th scope="row" className={classes.laneCell}>
                  Milestones
                </th>
                {columns.map((c, i) => (
                  <td key={c.key} className={classes.cell}>
                    <div className={classes.stack}>
                      {milestones[i]!.map((m) => (
                        <div key={m.id} className={classes.milestone}>
                          <IconDiamondFilled size={12} aria-hidden />
                          <span>
                            {m.title} <span className={classes.dim}>{formatDate(m.date)}</span>
                          </span>
                        </div>
                      ))}
                    </div>
                  </td>
                ))}
              </tr>
            ) : null}
            {lanes.map((lane) => (
              <tr key={lane.key} data-testid="shared-lane">
                <th scope="row" className={classes.laneCell}>
                  {lane.label}
                </th>
                {columns.map((c) => (
                  <td key={c.key} className={classes.cell}>
                    <div className={classes.stack}>
                      {(grid.get(lane.key)?.get(c.key) ?? []).map((item) => (
                        <Card key={item.id} item={item} deck={deck} expandAll={expanded} />
                      ))}
                    </div>
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function dayBefore(iso: string): string {
  const d = new Date(`${iso.slice(0, 10)}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

function Card({ item, deck, expandAll }: { item: DeckItem; deck: Deck; expandAll: boolean }) {
  const [own, setOwn] = useState(false);
  const open = expandAll || own;
  const teams = otherTeams(item, deck);
  return (
    <Tooltip
      label={item.outcome}
      disabled={!item.outcome || open}
      multiline
      w={300}
      openDelay={250}
      withArrow
      position="bottom"
    >
      <button
        type="button"
        className={classes.card}
        data-status={item.status}
        aria-expanded={open}
        onClick={() => setOwn((o) => !o)}
        data-testid="shared-card"
      >
        <span className={classes.cardTitle}>{item.title}</span>
        <Badge size="xs" variant="light" color={STATUS_COLOR[item.status]} className={classes.cardBadge}>
          {ROADMAP_ITEM_STATUS_LABELS[item.status]}
        </Badge>
        {open ? (
          <span className={classes.detail}>
            {item.outcome ? (
              <span>
                <strong>Outcome:</strong> {item.outcome}
              </span>
            ) : (
              <span className={classes.dim}>No outcome written.</span>
            )}
            {item.targetDate ? <span>Target date: {formatDate(item.targetDate)}</span> : null}
            {item.theme && deck.laneBy !== "theme" ? <span>Theme: {item.theme}</span> : null}
            {teams.length ? (
              <span>
                {deck.laneBy === "team" ? "With" : "Teams"}: {teams.join(", ")}
              </span>
            ) : null}
          </span>
        ) : null}
      </button>
    </Tooltip>
  );
}
