import { IconChevronLeft, IconChevronRight, IconX } from "@tabler/icons-react";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { createPortal } from "react-dom";
import { ROADMAP_ITEM_STATUS_LABELS, ROADMAP_ITEM_STATUSES } from "../../../shared/enums.ts";
import { formatDate, pluralize } from "../../lib/format.ts";
import {
  anyUnscheduled,
  type Deck,
  type DeckItem,
  type DeckLane,
  gridOf,
  laneNoun,
  lanesOf,
  milestonesIn,
  otherTeams,
  summaryOf,
  UNSCHEDULED,
} from "./deck.ts";
import classes from "./presentation.module.css";

type Group = { lane: DeckLane; items: DeckItem[] };
type Slide =
  | { kind: "title"; label: string }
  | {
      kind: "period";
      key: string;
      label: string;
      count: number;
      page: number;
      pages: number;
      groups: Group[];
    }
  | { kind: "summary"; label: string };

/** Items on one slide at most: a busy period gets several slides, so the type stays readable on a projector. */
const PER_SLIDE = 8;

function periodSlides(
  key: string,
  label: string,
  lanes: DeckLane[],
  grid: ReturnType<typeof gridOf>,
): Slide[] {
  const groups = lanes
    .map((lane) => ({ lane, items: grid.get(lane.key)?.get(key) ?? [] }))
    .filter((g) => g.items.length > 0);
  const count = groups.reduce((n, g) => n + g.items.length, 0);
  const pages: Group[][] = [[]];
  let room = PER_SLIDE;
  for (const g of groups) {
    let rest = g.items;
    while (rest.length) {
      if (room === 0) {
        pages.push([]);
        room = PER_SLIDE;
      }
      pages[pages.length - 1]!.push({ lane: g.lane, items: rest.slice(0, room) });
      const taken = Math.min(room, rest.length);
      rest = rest.slice(taken);
      room -= taken;
    }
  }
  return pages.map((groups, i) => ({
    kind: "period",
    key,
    label: pages.length > 1 ? `${label} (${i + 1} of ${pages.length})` : label,
    count,
    page: i,
    pages: pages.length,
    groups,
  }));
}

function slidesOf(deck: Deck, lanes: DeckLane[], grid: ReturnType<typeof gridOf>): Slide[] {
  const hasUnscheduled = anyUnscheduled(grid);
  return [
    { kind: "title", label: "Title" },
    ...deck.periods.flatMap((p) => periodSlides(p.key, p.label, lanes, grid)),
    ...(hasUnscheduled ? periodSlides(UNSCHEDULED, "Not scheduled", lanes, grid) : []),
    { kind: "summary", label: "Summary" },
  ];
}

/**
 * The roadmap as full-screen slides for a projector: a title, one slide per period (items by lane), a
 * summary. ←/→, Space, PageUp/PageDown, Home/End move; Esc (or leaving full screen) closes.
 */
export function Presentation({ deck, onClose }: { deck: Deck; onClose: () => void }) {
  const grid = useMemo(() => gridOf(deck), [deck]);
  const lanes = useMemo(() => lanesOf(deck), [deck]);
  const slides = useMemo(() => slidesOf(deck, lanes, grid), [deck, lanes, grid]);
  const [index, setIndex] = useState(0);
  const root = useRef<HTMLDivElement>(null);
  const last = slides.length - 1;
  const go = useCallback((i: number) => setIndex(Math.max(0, Math.min(last, i))), [last]);

  const close = useRef(onClose);
  close.current = onClose;

  // Full screen when the browser allows it; leaving full screen (the browser's own Esc) ends the show.
  useEffect(() => {
    const el = root.current;
    const before = document.activeElement as HTMLElement | null;
    el?.focus();
    let entered = false;
    const onChange = () => {
      if (document.fullscreenElement === el) entered = true;
      else if (entered && !document.fullscreenElement) close.current();
    };
    document.addEventListener("fullscreenchange", onChange);
    if (el && document.fullscreenEnabled && !document.fullscreenElement)
      el.requestFullscreen?.().catch(() => undefined);
    const overflow = document.body.style.overflow;
    document.body.style.overflow = "hidden";
    return () => {
      document.removeEventListener("fullscreenchange", onChange);
      document.body.style.overflow = overflow;
      if (document.fullscreenElement === el) void document.exitFullscreen().catch(() => undefined);
      before?.focus?.();
    };
  }, []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      const moves: Record<string, number> = {
        ArrowRight: index + 1,
        ArrowDown: index + 1,
        PageDown: index + 1,
        " ": e.shiftKey ? index - 1 : index + 1,
        ArrowLeft: index - 1,
        ArrowUp: index - 1,
        PageUp: index - 1,
        Home: 0,
        End: last,
      };
      if (e.key === "Escape") close.current();
      else if (e.key in moves) go(moves[e.key]!);
      else return;
      e.preventDefault();
      e.stopPropagation();
    };
    window.addEventListener("keydown", onKey, true);
    return () => window.removeEventListener("keydown", onKey, true);
  }, [index, last, go]);

  const slide = slides[index]!;
  return createPortal(
    <div
      ref={root}
      className={classes.root}
      role="dialog"
      aria-modal="true"
      aria-label={`Presentation: ${deck.roadmapName}`}
      tabIndex={-1}
      data-testid="presentation"
    >
      <div className={classes.progress} style={{ width: `${((index + 1) / slides.length) * 100}%` }} />
      <section className={classes.stage} aria-roledescription="slide" aria-label={slide.label}>
        {slide.kind === "title" ? (
          <TitleSlide deck={deck} periods={deck.periods.length} />
        ) : slide.kind === "summary" ? (
          <SummarySlide deck={deck} />
        ) : (
          <PeriodSlide deck={deck} slide={slide} />
        )}
      </section>
      <footer className={classes.bar}>
        <span className={classes.barTitle}>
          {deck.roadmapName} · v{deck.version.number}
        </span>
        <span className={classes.hint}>← → to move · Esc to leave</span>
        <button
          type="button"
          className={classes.ctl}
          onClick={() => go(index - 1)}
          disabled={index === 0}
          aria-label="Previous slide"
        >
          <IconChevronLeft size={22} />
        </button>
        <span className={classes.counter} aria-live="polite" data-testid="slide-counter">
          {index + 1} / {slides.length}
        </span>
        <button
          type="button"
          className={classes.ctl}
          onClick={() => go(index + 1)}
          disabled={index === last}
          aria-label="Next slide"
        >
          <IconChevronRight size={22} />
        </button>
        <button
          type="button"
          className={classes.ctl}
          onClick={() => close.current()}
          aria-label="Leave presentation"
        >
          <IconX size={22} />
        </button>
      </footer>
    </div>,
    document.body,
  );
}

function TitleSlide({ deck, periods }: { deck: Deck; periods: number }) {
  const v = deck.version;
  return (
    <div className={classes.title}>
      {deck.context ? (
        <p className={classes.kicker}>{deck.context}</p>
      ) : (
        <p className={classes.kicker}>Roadmap</p>
      )}
      <h1 className={classes.h1}>{deck.roadmapName}</h1>
      <p className={classes.sub}>
        Version {v.number} · {v.name}
      </p>
      <p className={classes.approved} data-approved={Boolean(v.approvedAt) || undefined}>
        {v.approvedAt ? `Approved on ${formatDate(v.approvedAt)}` : "Saved version, not approved"}
      </p>
      <p className={classes.meta}>
        {pluralize(deck.items.length, "item")} · {pluralize(periods, "period")}
        {deck.periods.length
          ? ` · ${deck.periods[0]!.label} – ${deck.periods[deck.periods.length - 1]!.label}`
          : ""}
      </p>
    </div>
  );
}

function PeriodSlide({ deck, slide }: { deck: Deck; slide: Extract<Slide, { kind: "period" }> }) {
  const groups = slide.groups;
  const shown = groups.reduce((n, g) => n + g.items.length, 0);
  const period = deck.periods.find((p) => p.key === slide.key);
  const milestones = period && slide.page === 0 ? milestonesIn(deck, period) : [];
  return (
    <div className={classes.period} data-density={shown > 4 ? "compact" : "roomy"}>
      <header className={classes.periodHead}>
        <h2 className={classes.h2}>{slide.label}</h2>
        <span className={classes.count}>{pluralize(slide.count, "item")}</span>
      </header>
      {milestones.length ? (
        <ul className={classes.milestones} aria-label="Milestones">
          {milestones.map((m) => (
            <li key={m.id}>
              <span aria-hidden>◆</span> {m.title} <span className={classes.dim}>{formatDate(m.date)}</span>
            </li>
          ))}
        </ul>
      ) : null}
      {groups.length === 0 ? (
        <p className={classes.empty}>Nothing planned in this period.</p>
      ) : (
        <div className={classes.lanes}>
          {groups.map((g) => (
            <section key={g.lane.key} className={classes.lane} aria-label={g.lane.label}>
              <h3 className={classes.laneTitle}>
                <span className={classes.dim}>{laneNoun(deck.laneBy)}</span> {g.lane.label}
              </h3>
              <ul className={classes.items}>
                {g.items.map((item) => (
                  <SlideItem key={item.id} item={item} deck={deck} />
                ))}
              </ul>
            </section>
          ))}
        </div>
      )}
    </div>
  );
}

function SlideItem({ item, deck }: { item: DeckItem; deck: Deck }) {
  const others = otherTeams(item, deck);
  return (
    <li className={classes.item} data-status={item.status}>
      <div className={classes.itemHead}>
        <span className={classes.itemTitle}>{item.title}</span>
        <span className={classes.status} data-status={item.status}>
          {ROADMAP_ITEM_STATUS_LABELS[item.status]}
        </span>
      </div>
      {item.outcome ? <p className={classes.outcome}>{item.outcome}</p> : null}
      {others.length && deck.laneBy === "team" ? (
        <p className={classes.with}>with {others.join(", ")}</p>
      ) : null}
    </li>
  );
}

function SummarySlide({ deck }: { deck: Deck }) {
  const s = summaryOf(deck);
  const used = ROADMAP_ITEM_STATUSES.filter((st) => s.totals[st] > 0);
  return (
    <div className={classes.summary}>
      <h2 className={classes.h2}>Summary</h2>
      <p className={classes.sub}>
        {pluralize(s.total, "item")}
        {used.length
          ? ` · ${used.map((st) => `${s.totals[st]} ${ROADMAP_ITEM_STATUS_LABELS[st].toLowerCase()}`).join(" · ")}`
          : ""}
      </p>
      <table className={classes.table}>
        <thead>
          <tr>
            <th scope="col">Period</th>
            {used.map((st) => (
              <th key={st} scope="col" data-status={st}>
                {ROADMAP_ITEM_STATUS_LABELS[st]}
              </th>
            ))}
            <th scope="col">Total</th>
          </tr>
        </thead>
        <tbody>
          {s.rows.map((r) => (
            <tr key={r.key}>
              <th scope="row">{r.label}</th>
              {used.map((st) => (
                <td key={st}>{r.counts[st] || "·"}</td>
              ))}
              <td className={classes.total}>{r.total}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
