import { Badge, Tooltip } from "@mantine/core";
import type { LifecycleStage } from "../../shared/enums.ts";
import { DISCIPLINE_LABELS, type Discipline, ROLE_LABELS, type Role } from "../../shared/enums.ts";
import {
  DISCIPLINE_COLORS,
  ROLE_COLORS,
  ROLE_DESCRIPTIONS,
  STAGE_COLORS,
  STAGE_DESCRIPTIONS,
  STAGE_LABELS,
} from "../lib/labels.ts";

export function StageBadge({ stage }: { stage: LifecycleStage }) {
  return (
    <Tooltip label={STAGE_DESCRIPTIONS[stage]}>
      <Badge color={STAGE_COLORS[stage]} variant="light" leftSection={<Dot />}>
        {STAGE_LABELS[stage]}
      </Badge>
    </Tooltip>
  );
}

export function RoleBadge({ role }: { role: Role }) {
  return (
    <Tooltip label={ROLE_DESCRIPTIONS[role]}>
      <Badge color={ROLE_COLORS[role]} variant="light">
        {ROLE_LABELS[role]}
      </Badge>
    </Tooltip>
  );
}

export function DisciplineBadge({ discipline }: { discipline: Discipline }) {
  return (
    <Badge color={DISCIPLINE_COLORS[discipline]} variant="dot">
      {DISCIPLINE_LABELS[discipline]}
    </Badge>
  );
}

function Dot() {
  return (
    <span
      aria-hidden
      style={{ display: "inline-block", width: 6, height: 6, borderRadius: 6, background: "currentColor" }}
    />
  );
}
