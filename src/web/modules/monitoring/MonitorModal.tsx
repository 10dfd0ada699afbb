import {
  Button,
  Group,
  Modal,
  NumberInput,
  Select,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
} from "@mantine/core";
import { useEffect, useState } from "react";
import { MONITOR_KINDS, unsafePatternReason } from "../../../shared/monitoring.schemas.ts";
import { ApiError, errorMessage } from "../../api/client.ts";
import { notifySuccess } from "../../components/feedback.tsx";
import { FormError } from "../../components/States.tsx";
import { useWorkspace } from "../../lib/workspace.ts";
import { type Monitor, type MonitorKind, useSaveMonitor } from "./monitors.hooks.ts";

/** One setting of a kind as a form field; `list` fields are one entry per line. */
interface Field {
  key: string;
  label: string;
  description?: string;
  placeholder?: string;
  required?: boolean;
  initial?: string;
  list?: boolean;
  number?: boolean;
}

export const MONITOR_KIND_LABELS: Record<MonitorKind, string> = {
  page: "Web page",
  feed: "RSS / Atom / JSON Feed",
  sitemap: "Sitemap (new and removed pages)",
  json: "JSON endpoint",
  github_releases: "GitHub releases",
  app_store: "App Store listing",
};

const URL_FIELD: Field = {
  key: "url",
  label: "Address",
  placeholder: "https://competitor.example/pricing",
  required: true,
};
const FIELDS: Record<MonitorKind, Field[]> = {
  page: [
    URL_FIELD,
    {
      key: "selector",
      label: "Watch only (CSS selector)",
      placeholder: "#pricing, main .plans",
      description: "Empty: the page's readable text. A selector that stops matching is reported.",
    },
    {
      key: "ignoreSelectors",
      label: "Ignore elements (CSS selectors, one per line)",
      placeholder: ".cookie-banner\n.latest-posts",
      list: true,
    },
    {
      key: "ignorePatterns",
      label: "Ignore text (regular expressions, one per line)",
      placeholder: "\\d+ customers trust us",
      description:
        "Dates, times, counters and tokens are ignored already. Keep patterns simple: nested repeats are refused.",
      list: true,
    },
  ],
  feed: [{ ...URL_FIELD, placeholder: "https://competitor.example/blog/feed.xml" }],
  sitemap: [
    { ...URL_FIELD, placeholder: "https://competitor.example/sitemap.xml" },
    { key: "maxSitemaps", label: "Child sitemaps to read (of a sitemap index)", initial: "10", number: true },
  ],
  json: [
    { ...URL_FIELD, placeholder: "https://competitor.example/api/plans.json" },
    {
      key: "pointer",
      label: "JSON pointer",
      placeholder: "/plans/0/price",
      description: "Empty: the whole document",
    },
  ],
  github_releases: [
    { key: "owner", label: "Owner", placeholder: "acme", required: true },
    { key: "repo", label: "Repository", placeholder: "app", required: true },
    {
      key: "apiUrl",
      label: "API address",
      initial: "https://api.github.com",
      description: "Change it for GitHub Enterprise",
    },
  ],
  app_store: [
    {
      key: "appId",
      label: "App id",
      placeholder: "284882215",
      description: "The number in the App Store link (id…)",
      required: true,
    },
    { key: "country", label: "Country", initial: "us", placeholder: "us" },
    { key: "apiUrl", label: "API address", initial: "https://itunes.apple.com" },
  ],
};

export const INTERVALS = [
  { value: "60", label: "Every hour" },
  { value: "180", label: "Every 3 hours" },
  { value: "360", label: "Every 6 hours" },
  { value: "720", label: "Every 12 hours" },
  { value: "1440", label: "Every day" },
  { value: "4320", label: "Every 3 days" },
  { value: "10080", label: "Every week" },
];

const valuesFor = (kind: MonitorKind, m: Monitor | null) =>
  Object.fromEntries(
    FIELDS[kind].map((f) => {
      const v = f.key === "url" ? m?.url : m?.config[f.key];
      return [
        f.key,
        Array.isArray(v)
          ? v.join("\n")
          : v === null || v === undefined
            ? m
              ? ""
              : (f.initial ?? "")
            : String(v),
      ];
    }),
  );

/** Adds or edits a monitor: its kind's settings, noise rules, threshold, schedule, pricing flag. */
export function MonitorModal({
  opened,
  onClose,
  competitorId,
  monitor,
}: {
  opened: boolean;
  onClose: () => void;
  competitorId: string;
  monitor: Monitor | null;
}) {
  const { workspaceId: wid } = useWorkspace();
  const save = useSaveMonitor(wid, competitorId);
  const [kind, setKind] = useState<MonitorKind>("page");
  const [name, setName] = useState("");
  const [values, setValues] = useState<Record<string, string>>({});
  const [interval, setEvery] = useState("1440");
  const [threshold, setThreshold] = useState<number | string>(1);
  const [pricing, setPricing] = useState(false);
  const [enabled, setEnabled] = useState(true);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!opened) return;
    const k = monitor?.kind ?? "page";
    setKind(k);
    setName(monitor?.name ?? "");
    setValues(valuesFor(k, monitor));
    setEvery(String(monitor?.intervalMinutes ?? 1440));
    setThreshold(monitor?.thresholdPercent ?? 1);
    setPricing(monitor?.config.pricing === true);
    setEnabled(monitor?.enabled ?? true);
    setErrors({});
    setError(null);
  }, [opened, monitor]);

  const fields = FIELDS[kind];
  // The value is read in the handler: React clears the event's currentTarget before a queued updater runs.
  const setField = (key: string, value: string) => setValues((v) => ({ ...v, [key]: value }));
  const intervals = INTERVALS.some((i) => i.value === interval)
    ? INTERVALS
    : [...INTERVALS, { value: interval, label: `Every ${interval} minutes` }];

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const missing: Record<string, string> = {};
    if (!name.trim()) missing.name = "Give the monitor a name";
    for (const f of fields)
      if (f.required && !values[f.key]?.trim()) missing[f.key] = `Give the ${f.label.toLowerCase()}`;
    // Patterns are checked here too, so a refused one is named before the round trip.
    const patterns = (values.ignorePatterns ?? "")
      .split("\n")
      .map((s) => s.trim())
      .filter(Boolean);
    patterns.forEach((p, i) => {
      const why = unsafePatternReason(p);
      if (why && !missing.ignorePatterns) missing.ignorePatterns = `Line ${i + 1}: ${why}`;
    });
    setErrors(missing);
    if (Object.keys(missing).length) return;
    const config: Record<string, unknown> = {};
    for (const f of fields) {
      if (f.key === "url") continue;
      const v = values[f.key]?.trim() ?? "";
      if (f.list)
        config[f.key] = v
          .split("\n")
          .map((s) => s.trim())
          .filter(Boolean);
      else if (f.number) config[f.key] = Number(v || f.initial);
      else if (f.key === "selector") config[f.key] = v || null;
      else if (v !== "" || f.key === "pointer") config[f.key] = v;
    }
    if (kind === "page") config.pricing = pricing;
    const hasUrl = fields.some((f) => f.key === "url");
    save.mutate(
      {
        id: monitor?.id,
        version: monitor?.version,
        input: {
          kind,
          name: name.trim(),
          ...(hasUrl ? { url: values.url?.trim() } : {}),
          enabled,
          intervalMinutes: Number(interval),
          thresholdPercent: Number(threshold) || 0,
          config,
        },
      },
      {
        onSuccess: (m) => {
          notifySuccess(
            m.name,
            monitor
              ? "Monitor saved"
              : m.enabled
                ? "Monitor added: its first check runs now"
                : "Monitor added, paused",
          );
          onClose();
        },
        onError: (err) => {
          if (!(err instanceof ApiError)) return setError(errorMessage(err));
          const mine: Record<string, string> = {};
          const rest: string[] = [];
          for (const [path, msg] of Object.entries(err.fields)) {
            const [first, second, line] = path.split(".");
            const key = first === "config" ? (second ?? "") : (first ?? "");
            const label = line !== undefined ? `Line ${Number(line) + 1}: ${msg}` : msg;
            if (
              ["name", "intervalMinutes", "thresholdPercent"].includes(key) ||
              fields.some((f) => f.key === key)
            )
              mine[key] = mine[key] ?? label;
            else rest.push(`${path}: ${msg}`);
          }
          setErrors(mine);
          setError(rest.length ? rest.join(". ") : Object.keys(mine).length ? null : err.message);
        },
      },
    );
  };

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={monitor ? `Edit “${monitor.name}”` : "Add a monitor"}
      size="lg"
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <FormError error={error} />
          {monitor ? (
            <Text size="sm" c="dimmed">
              {MONITOR_KIND_LABELS[kind]}
            </Text>
          ) : (
            <Select
              label="What to watch"
              data={MONITOR_KINDS.map((k) => ({ value: k, label: MONITOR_KIND_LABELS[k] }))}
              value={kind}
              allowDeselect={false}
              onChange={(v) => {
                if (!v) return;
                setKind(v as MonitorKind);
                setValues(valuesFor(v as MonitorKind, null));
                setErrors({});
              }}
            />
          )}
          <TextInput
            label="Name"
            required
            data-autofocus
            placeholder="e.g. Pricing page"
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={errors.name}
          />
          {fields.map((f) =>
            f.list ? (
              <Textarea
                key={`${kind}-${f.key}`}
                label={f.label}
                description={f.description}
                placeholder={f.placeholder}
                autosize
                minRows={2}
                maxRows={6}
                value={values[f.key] ?? ""}
                onChange={(e) => setField(f.key, e.currentTarget.value)}
                error={errors[f.key]}
                styles={{ input: { fontFamily: "var(--mantine-font-family-monospace)" } }}
              />
            ) : (
              <TextInput
                key={`${kind}-${f.key}`}
                label={f.label}
                description={f.description}
                placeholder={f.placeholder}
                required={f.required}
                inputMode={f.number ? "numeric" : undefined}
                value={values[f.key] ?? ""}
                onChange={(e) => setField(f.key, e.currentTarget.value)}
                error={errors[f.key]}
              />
            ),
          )}
          {kind === "page" ? (
            <Switch
              label="Pricing page"
              description="Read prices into the competitor's pricing history; its changes are high importance"
              checked={pricing}
              onChange={(e) => setPricing(e.currentTarget.checked)}
            />
          ) : null}
          <Group grow align="flex-start">
            <Select
              label="Check"
              data={intervals}
              value={interval}
              allowDeselect={false}
              onChange={(v) => v && setEvery(v)}
              error={errors.intervalMinutes}
            />
            <NumberInput
              label="Report changes from"
              description="% of the words changed"
              min={0}
              max={100}
              step={0.5}
              decimalScale={2}
              suffix=" %"
              value={threshold}
              onChange={setThreshold}
              error={errors.thresholdPercent}
            />
          </Group>
          <Switch label="Enabled" checked={enabled} onChange={(e) => setEnabled(e.currentTarget.checked)} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              {monitor ? "Save" : "Add monitor"}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
