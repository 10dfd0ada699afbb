import {
  Badge,
  Box,
  Button,
  Group,
  NativeSelect,
  Paper,
  Stack,
  Text,
  Title,
  UnstyledButton,
} from "@mantine/core";
import { IconArrowDown, IconArrowLeft, IconArrowRight, IconArrowUp, IconCheck } from "@tabler/icons-react";
import { type TouchEvent, useEffect, useRef, useState } from "react";
import type { FactorDef, RoundDetail } from "../../../shared/ideas.schemas.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { Markdown, markdownExcerpt } from "../ideas/markdown.tsx";
import { IdeaComments } from "./IdeaComments.tsx";
import { fmt } from "./parts.tsx";
import { AbstainForm, BallotProgress, OthersLine, scaleOf, valueLabel } from "./ratingParts.tsx";
import css from "./rounds.module.css";
import { type BallotState, type Cell, isDone, keyOf } from "./useBallotAutosave.ts";

/** Horizontal travel (px) that counts as a swipe to the next or previous idea. */
const SWIPE_PX = 70;

/**
 * The ballot on a phone: one idea at a time, each factor a row of large rating buttons, Previous / Next at the
 * bottom (or a swipe sideways). Shares its cells and autosave with the desktop grid.
 */
export function PhoneBallot({
  round,
  ballot,
  locked,
}: {
  round: RoundDetail;
  ballot: BallotState;
  locked: boolean;
}) {
  const { can } = useWorkspace();
  const { ideas, factors } = round;
  const [index, setIndex] = useState(() => {
    const first = ideas.findIndex((i) => factors.some((f) => !isDone(ballot.cells.get(keyOf(i.id, f.id)))));
    return Math.max(0, first);
  });
  const [details, setDetails] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const moved = useRef(false);
  const touch = useRef<{ x: number; y: number } | null>(null);
  const idea = ideas[index]!;
  const doneIn = (i: number) =>
    factors.filter((f) => isDone(ballot.cells.get(keyOf(ideas[i]!.id, f.id)))).length;
  const ideaDone = doneIn(index) === factors.length;

  const go = (i: number) => {
    if (i < 0 || i >= ideas.length || i === index) return;
    moved.current = true;
    setDetails(false);
    setIndex(i);
  };
  // A new idea starts at its top, and screen readers hear its title.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the idea changes
  useEffect(() => {
    if (!moved.current) return;
    headingRef.current?.focus({ preventScroll: true });
    headingRef.current?.scrollIntoView({ block: "start" });
  }, [index]);

  const onTouchStart = (e: TouchEvent) => {
    const t = e.touches[0];
    touch.current = t ? { x: t.clientX, y: t.clientY } : null;
  };
  const onTouchEnd = (e: TouchEvent) => {
    const start = touch.current;
    const t = e.changedTouches[0];
    touch.current = null;
    if (!start || !t) return;
    const dx = t.clientX - start.x;
    if (Math.abs(dx) > SWIPE_PX && Math.abs(dx) > 2 * Math.abs(t.clientY - start.y))
      go(index + (dx < 0 ? 1 : -1));
  };

  const left = ideas.length * factors.length - ballot.progress.done;
  return (
    <Stack gap="md">
      <Paper withBorder p="sm" className={css.phoneProgress}>
        <Stack gap={8}>
          <BallotProgress ballot={ballot} />
          <NativeSelect
            aria-label="Go to idea"
            value={String(index)}
            onChange={(e) => go(Number(e.currentTarget.value))}
            data={ideas.map((i, n) => ({
              value: String(n),
              label: `${n + 1}. ${i.title} ${doneIn(n) === factors.length ? "✓" : `(${doneIn(n)}/${factors.length})`}`,
            }))}
          />
        </Stack>
      </Paper>

      <Box onTouchStart={onTouchStart} onTouchEnd={onTouchEnd} data-testid="phone-ballot-idea">
        <Stack gap="md">
          <Stack gap={4}>
            <Text size="sm" c="dimmed">
              Idea {index + 1} of {ideas.length} · #{idea.number}
            </Text>
            <Title order={2} fz="h3" ref={headingRef} tabIndex={-1} style={{ outline: "none" }}>
              {idea.title}
            </Title>
            {idea.description && !details ? (
              <Text size="sm" c="dimmed" lineClamp={3}>
                {markdownExcerpt(idea.description)}
              </Text>
            ) : null}
            {details ? (
              <Stack gap="sm">
                {idea.description ? (
                  <Markdown source={idea.description} />
                ) : (
                  <Text size="sm">No description.</Text>
                )}
                <IdeaComments ideaId={idea.id} roundId={round.id} canComment={can("ideas.comment")} />
              </Stack>
            ) : null}
            <Button
              variant="subtle"
              size="compact-sm"
              onClick={() => setDetails((d) => !d)}
              style={{ alignSelf: "flex-start" }}
            >
              {details ? "Hide details" : "Details and comments"}
            </Button>
          </Stack>

          {factors.map((f) => (
            <FactorRating
              key={`${idea.id}-${f.id}`}
              factor={f}
              ideaTitle={idea.title}
              cell={ballot.cells.get(keyOf(idea.id, f.id))}
              others={ballot.others.get(keyOf(idea.id, f.id))}
              locked={locked}
              onRate={(value, reason) => ballot.setCell(idea.id, f.id, value, reason)}
            />
          ))}
        </Stack>
      </Box>

      <Group grow gap="sm" className={css.phoneNav}>
        <Button
          size="lg"
          variant="default"
          leftSection={<IconArrowLeft size={20} />}
          disabled={index === 0}
          onClick={() => go(index - 1)}
        >
          Previous
        </Button>
        {index < ideas.length - 1 ? (
          <Button
            size="lg"
            variant={ideaDone ? "filled" : "light"}
            rightSection={<IconArrowRight size={20} />}
            onClick={() => go(index + 1)}
          >
            Next
          </Button>
        ) : (
          <Button size="lg" variant="light" color={left === 0 ? "teal" : "baton"} disabled aria-live="polite">
            {left === 0 ? "All rated" : `${left} left`}
          </Button>
        )}
      </Group>
    </Stack>
  );
}

/** One factor of the current idea: its name and scale as large buttons, the chosen value spelled out, abstain. */
function FactorRating({
  factor: f,
  ideaTitle,
  cell,
  others,
  locked,
  onRate,
}: {
  factor: FactorDef;
  ideaTitle: string;
  cell: Cell | undefined;
  others: Parameters<typeof OthersLine>[0]["list"];
  locked: boolean;
  onRate: (value: number | null, abstainReason: string | null) => void;
}) {
  const [abstaining, setAbstaining] = useState(false);
  const nameId = `factor-${f.id}`;
  const abstained = cell?.value === null && Boolean(cell.abstainReason);
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby={nameId}>
      <Stack gap={8}>
        <Group justify="space-between" wrap="nowrap" gap="xs" align="flex-start">
          <Text fw={650} id={nameId}>
            {f.name}
          </Text>
          <Badge
            size="sm"
            color={f.direction === "cost" ? "orange" : "teal"}
            leftSection={f.direction === "cost" ? <IconArrowDown size={12} /> : <IconArrowUp size={12} />}
          >
            {f.direction} · ×{fmt(f.weight)}
          </Badge>
        </Group>
        {f.description ? (
          <Text size="sm" c="dimmed">
            {f.description}
          </Text>
        ) : null}
        <fieldset className={css.phoneScale} aria-labelledby={nameId}>
          {scaleOf(f).map((v) => (
            <UnstyledButton
              key={v}
              className={css.phoneValue}
              data-selected={cell?.value === v || undefined}
              aria-pressed={cell?.value === v}
              aria-label={`${f.name}: ${valueLabel(f, v)}`}
              disabled={locked}
              onClick={() => onRate(v, null)}
            >
              {v}
            </UnstyledButton>
          ))}
        </fieldset>
        <Group justify="space-between" wrap="nowrap" gap="xs">
          <Text size="sm" fw={cell ? 600 : 400} c={cell ? undefined : "dimmed"} aria-live="polite">
            {cell?.value != null ? (
              <>
                <IconCheck size={14} aria-hidden style={{ verticalAlign: -2 }} /> {valueLabel(f, cell.value)}
              </>
            ) : abstained ? (
              `Abstained: ${cell?.abstainReason}`
            ) : (
              "Not rated yet"
            )}
          </Text>
          {!locked && !abstaining ? (
            <Button size="compact-md" variant="subtle" color="gray" onClick={() => setAbstaining(true)}>
              Abstain
            </Button>
          ) : null}
        </Group>
        <OthersLine list={others} factor={f} />
        {abstaining ? (
          <AbstainForm
            size="md"
            context={`${f.name} · ${ideaTitle}`}
            initial={cell?.abstainReason ?? ""}
            onCancel={() => setAbstaining(false)}
            onConfirm={(reason) => {
              setAbstaining(false);
              onRate(null, reason);
            }}
          />
        ) : null}
      </Stack>
    </Paper>
  );
}
