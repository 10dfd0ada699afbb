import type { FactorDef } from "../../../shared/ideas.schemas.ts";
import type { FactorInput } from "./hooks.ts";

export interface Draft extends FactorInput {
  key: string;
}

export let seq = 0;

export const newKey = () => `d${++seq}`;

export function draftsFrom(factors: FactorDef[], keepIds: boolean): Draft[] {
  return [...factors]
    .sort((a, b) => a.position - b.position)
    .map((f) => ({
      key: newKey(),
      id: keepIds ? f.id : undefined,
      name: f.name,
      description: f.description,
      weight: f.weight,
      direction: f.direction,
      kind: f.kind,
      scaleMin: f.scaleMin,
      scaleMax: f.scaleMax,
      labels: fitLabels(f.labels, f.scaleMin, f.scaleMax),
    }));
}

/** One label box per scale point, keeping what was typed. */
export function fitLabels(labels: string[], min: number, max: number): string[] {
  const n = Math.max(0, max - min + 1);
  return Array.from({ length: Math.min(n, 11) }, (_, i) => labels[i] ?? "");
}

export function toInput(d: Draft): FactorInput {
  const labels = d.labels.map((l) => l.trim());
  return {
    ...(d.id ? { id: d.id } : {}),
    name: d.name.trim(),
    description: d.description.trim(),
    weight: d.weight,
    direction: d.direction,
    kind: d.kind,
    scaleMin: d.scaleMin,
    scaleMax: d.scaleMax,
    labels: labels.every((l) => !l) ? [] : labels,
  };
}

export function validate(drafts: Draft[]): Record<string, string> {
  const errs: Record<string, string> = {};
  drafts.forEach((d, i) => {
    if (!d.name.trim()) errs[`factors.${i}.name`] = "Name the factor";
    if (!(d.weight > 0)) errs[`factors.${i}.weight`] = "Weights are positive";
    if (!(d.scaleMax > d.scaleMin)) errs[`factors.${i}.scaleMax`] = "The top must be above the bottom";
    const filled = d.labels.filter((l) => l.trim()).length;
    if (filled > 0 && filled < d.labels.length)
      errs[`factors.${i}.labels`] = "Give one label per scale point, or none";
    if (d.kind !== "rated" && drafts.findIndex((o) => o.kind === d.kind) < i)
      errs[`factors.${i}.kind`] = "A set has at most one factor of this kind";
  });
  if (!drafts.length) errs.factors = "Keep at least one factor";
  return errs;
}

/** The factor kinds as the settings offer them, each with a one-line explanation. */
export const KIND_OPTIONS: { value: Draft["kind"]; label: string; help: string }[] = [
  {
    value: "rated",
    label: "Rated by voters",
    help: "Voters rate each idea on this factor in scoring rounds.",
  },
  {
    value: "customer_demand",
    label: "Customer demand (computed)",
    help: "Computed from the idea's customer feedback, weighted by revenue and importance; not rated.",
  },
  {
    value: "competitor_coverage",
    label: "Competitor coverage (computed)",
    help: "Computed from the feature matrix: how many of the product's competitors have it; not rated.",
  },
];

export const BLANK: Omit<Draft, "key"> = {
  name: "",
  description: "",
  weight: 1,
  direction: "benefit",
  kind: "rated",
  scaleMin: 1,
  scaleMax: 5,
  labels: ["", "", "", "", ""],
};

/** The drafts as the server would store them (what "changed" compares). */
export const serializeDrafts = (drafts: Draft[]) => JSON.stringify(drafts.map(toInput));

/**
 * New factors from the server (after a save, or someone else's): they replace the drafts when nothing was being
 * edited (the drafts still match the last baseline), and become the new baseline either way.
 */
export function followServer(
  current: { drafts: Draft[]; baseline: string },
  fromServer: Draft[],
): { drafts: Draft[]; baseline: string } {
  const clean = serializeDrafts(current.drafts) === current.baseline;
  return { drafts: clean ? fromServer : current.drafts, baseline: serializeDrafts(fromServer) };
}
