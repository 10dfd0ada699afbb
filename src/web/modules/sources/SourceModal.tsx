import {
  Button,
  Checkbox,
  Group,
  Modal,
  PasswordInput,
  Select,
  Stack,
  Switch,
  Text,
  TextInput,
} from "@mantine/core";
import { useEffect, useState } from "react";
import { SOURCE_KINDS } from "../../../shared/sources.schemas.ts";
import { ApiError, errorMessage } from "../../api/client.ts";
import { notifySuccess } from "../../components/feedback.tsx";
import { FormError } from "../../components/States.tsx";
import { useWorkspace } from "../../lib/workspace.ts";
import { useAllProducts } from "../rounds/hooks.ts";
import { type Source, type SourceKind, useSaveSource } from "./hooks.ts";

/** One setting of a connector, as a form field (the API checks it again: config.<key>). */
interface Field {
  key: string;
  label: string;
  description?: string;
  placeholder?: string;
  required?: boolean;
  /** Filled in for a new source (the public service). */
  initial?: string;
  choices?: { value: string; label: string }[];
}

interface KindSpec {
  label: string;
  fields: Field[];
  secret?: { key: "token" | "appPassword"; label: string; required: boolean; description: string };
}

const API_URL = (initial: string, what: string): Field => ({
  key: "apiUrl",
  label: "Service address",
  description: `Change it for ${what}`,
  initial,
  required: true,
});

export const KINDS: Record<SourceKind, KindSpec> = {
  rss: {
    label: "RSS / Atom / JSON Feed",
    fields: [
      {
        key: "url",
        label: "Feed address",
        placeholder: "https://example.com/feed.xml",
        description: "Any RSS 2.0, RSS 1.0, Atom or JSON Feed",
        required: true,
      },
    ],
  },
  hackernews: {
    label: "Hacker News search",
    fields: [
      { key: "query", label: "Search words", placeholder: "your product name", required: true },
      {
        key: "tags",
        label: "What to search",
        initial: "both",
        choices: [
          { value: "both", label: "Stories and comments" },
          { value: "story", label: "Stories" },
          { value: "comment", label: "Comments" },
        ],
      },
      API_URL("https://hn.algolia.com", "a proxy of the Algolia search API"),
    ],
  },
  mastodon: {
    label: "Mastodon hashtag",
    fields: [
      { key: "instanceUrl", label: "Instance", placeholder: "https://mastodon.social", required: true },
      { key: "hashtag", label: "Hashtag", placeholder: "#yourproduct", required: true },
    ],
    secret: {
      key: "token",
      label: "Access token",
      required: false,
      description: "Optional: for instances that only show their timelines to signed-in apps",
    },
  },
  bluesky: {
    label: "Bluesky search",
    fields: [
      {
        key: "identifier",
        label: "Account",
        placeholder: "you.bsky.social",
        description: "The handle or e-mail of the account Baton searches as",
        required: true,
      },
      { key: "query", label: "Search words", placeholder: "your product name", required: true },
      API_URL("https://bsky.social", "an account on another service (PDS)"),
    ],
    secret: {
      key: "appPassword",
      label: "App password",
      required: true,
      description: "Create one in Bluesky under Settings → Privacy and security → App passwords",
    },
  },
  appstore: {
    label: "App Store reviews",
    fields: [
      {
        key: "appId",
        label: "App id",
        placeholder: "123456789",
        description: "The number after “id” in the App Store link",
        required: true,
      },
      { key: "country", label: "Country", placeholder: "us", initial: "us", required: true },
      API_URL("https://itunes.apple.com", "a proxy"),
    ],
  },
  github: {
    label: "GitHub issues",
    fields: [
      { key: "owner", label: "Owner", placeholder: "acme", required: true },
      { key: "repo", label: "Repository", placeholder: "app", required: true },
      API_URL("https://api.github.com", "GitHub Enterprise"),
    ],
    secret: {
      key: "token",
      label: "Token",
      required: false,
      description: "Optional: raises the rate limit and reads private repositories",
    },
  },
};

export const KIND_LABELS = Object.fromEntries(SOURCE_KINDS.map((k) => [k, KINDS[k].label])) as Record<
  SourceKind,
  string
>;

/** A short line naming what a source polls. */
export function summaryOf(s: Source): string {
  const c = s.config as Record<string, string | undefined>;
  switch (s.kind) {
    case "rss":
      return c.url ?? "";
    case "hackernews":
      return `“${c.query}”`;
    case "mastodon":
      return `#${c.hashtag} on ${hostOf(c.instanceUrl)}`;
    case "bluesky":
      return `“${c.query}” as ${c.identifier}`;
    case "appstore":
      return `app ${c.appId} · ${String(c.country ?? "").toUpperCase()}`;
    case "github":
      return `${c.owner}/${c.repo}`;
    default:
      return "";
  }
}

const hostOf = (u: string | undefined) => {
  try {
    return new URL(u ?? "").host;
  } catch {
    return u ?? "";
  }
};

const INTERVALS = [
  { value: "5", label: "Every 5 minutes" },
  { value: "15", label: "Every 15 minutes" },
  { value: "30", label: "Every 30 minutes" },
  { value: "60", label: "Every hour" },
  { value: "180", label: "Every 3 hours" },
  { value: "360", label: "Every 6 hours" },
  { value: "720", label: "Every 12 hours" },
  { value: "1440", label: "Every day" },
  { value: "10080", label: "Every week" },
];

const valuesFor = (kind: SourceKind, config?: Record<string, unknown>) =>
  Object.fromEntries(
    KINDS[kind].fields.map((f) => [f.key, config ? String(config[f.key] ?? "") : (f.initial ?? "")]),
  );

/** Adds or edits a source: its kind's settings, product, schedule, and a write-only secret. */
export function SourceModal({
  opened,
  onClose,
  source,
}: {
  opened: boolean;
  onClose: () => void;
  source: Source | null;
}) {
  const { workspaceId: wid } = useWorkspace();
  const save = useSaveSource(wid);
  const products = useAllProducts(wid);
  const [kind, setKind] = useState<SourceKind>("rss");
  const [name, setName] = useState("");
  const [values, setValues] = useState<Record<string, string>>({});
  const [productId, setProductId] = useState<string | null>(null);
  const [interval, setEvery] = useState("60");
  const [enabled, setEnabled] = useState(true);
  const [secret, setSecret] = useState("");
  const [removeSecret, setRemoveSecret] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!opened) return;
    const k = source?.kind ?? "rss";
    setKind(k);
    setName(source?.name ?? "");
    setValues(valuesFor(k, source?.config));
    setProductId(source?.productId ?? null);
    setEvery(String(source?.intervalMinutes ?? 60));
    setEnabled(source?.enabled ?? true);
    setSecret("");
    setRemoveSecret(false);
    setErrors({});
    setError(null);
  }, [opened, source]);

  const spec = KINDS[kind];
  const secretSet = !!(source && spec.secret && source.secretsSet.includes(spec.secret.key));
  const intervals = INTERVALS.some((i) => i.value === interval)
    ? INTERVALS
    : [...INTERVALS, { value: interval, label: `Every ${interval} minutes` }];

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    // The obvious gaps are named at once; the server checks everything again.
    const missing: Record<string, string> = {};
    if (!name.trim()) missing.name = "Give the source a name";
    for (const f of spec.fields)
      if (f.required && !values[f.key]?.trim()) missing[f.key] = `Give the ${f.label.toLowerCase()}`;
    if (spec.secret?.required && !secretSet && !secret.trim())
      missing.secret = `Give the ${spec.secret.label.toLowerCase()}`;
    setErrors(missing);
    if (Object.keys(missing).length) return;
    const secrets: Record<string, string | null> = {};
    if (spec.secret && secret.trim()) secrets[spec.secret.key] = secret.trim();
    else if (spec.secret && removeSecret) secrets[spec.secret.key] = null;
    const config = Object.fromEntries(
      spec.fields.map((f) => [f.key, values[f.key]?.trim() ?? ""]).filter(([, v]) => v !== ""),
    );
    save.mutate(
      {
        id: source?.id,
        version: source?.version,
        input: {
          kind,
          name: name.trim(),
          productId,
          enabled,
          intervalMinutes: Number(interval),
          config,
          secrets,
        },
      },
      {
        onSuccess: (s) => {
          notifySuccess(
            s.name,
            source ? "Source saved" : s.enabled ? "Source added: Baton polls it now" : "Source added, paused",
          );
          onClose();
        },
        onError: (err) => {
          if (!(err instanceof ApiError)) return setError(errorMessage(err));
          const mine: Record<string, string> = {};
          const rest: string[] = [];
          for (const [path, msg] of Object.entries(err.fields)) {
            const key = path.replace(/^config\./, "").replace(/^secrets\..*/, "secret");
            if (key === "secret" || key === "name" || spec.fields.some((f) => f.key === key)) mine[key] = msg;
            else rest.push(`${path}: ${msg}`);
          }
          setErrors(mine);
          setError(rest.length ? rest.join(". ") : Object.keys(mine).length ? null : err.message);
        },
      },
    );
  };

  return (
    <Modal opened={opened} onClose={onClose} title={source ? `Edit “${source.name}”` : "Add a source"}>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <FormError error={error} />
          {source ? (
            <Text size="sm" c="dimmed">
              {spec.label}
            </Text>
          ) : (
            <Select
              label="Kind"
              data={SOURCE_KINDS.map((k) => ({ value: k, label: KINDS[k].label }))}
              value={kind}
              allowDeselect={false}
              onChange={(v) => {
                if (!v) return;
                const k = v as SourceKind;
                setKind(k);
                setValues(valuesFor(k));
                setErrors({});
              }}
            />
          )}
          <TextInput
            label="Name"
            required
            data-autofocus
            placeholder="e.g. Mentions on Bluesky"
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={errors.name}
          />
          {spec.fields.map((f) =>
            f.choices ? (
              <Select
                key={`${kind}-${f.key}`}
                label={f.label}
                data={f.choices}
                allowDeselect={false}
                value={values[f.key] || f.initial || null}
                onChange={(v) => setValues({ ...values, [f.key]: v ?? "" })}
                error={errors[f.key]}
              />
            ) : (
              <TextInput
                key={`${kind}-${f.key}`}
                label={f.label}
                description={f.description}
                placeholder={f.placeholder}
                required={f.required}
                value={values[f.key] ?? ""}
                onChange={(e) => setValues({ ...values, [f.key]: e.currentTarget.value })}
                error={errors[f.key]}
              />
            ),
          )}
          {spec.secret ? (
            <Stack gap={4}>
              <PasswordInput
                label={spec.secret.label}
                required={spec.secret.required && !secretSet}
                description={
                  secretSet
                    ? "Set. It is never shown again: type a new one to replace it, or leave it empty to keep it."
                    : spec.secret.description
                }
                autoComplete="new-password"
                value={secret}
                disabled={removeSecret}
                onChange={(e) => setSecret(e.currentTarget.value)}
                error={errors.secret}
              />
              {secretSet && !spec.secret.required ? (
                <Checkbox
                  label={`Remove the ${spec.secret.label.toLowerCase()}`}
                  checked={removeSecret}
                  onChange={(e) => setRemoveSecret(e.currentTarget.checked)}
                />
              ) : null}
            </Stack>
          ) : null}
          <Select
            label="Product"
            description="Optional: the product this feedback is mostly about"
            placeholder="Any product"
            clearable
            data={(products.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
            value={productId}
            onChange={setProductId}
          />
          <Select
            label="Poll"
            data={intervals}
            value={interval}
            allowDeselect={false}
            onChange={(v) => v && setEvery(v)}
          />
          <Switch
            label="Enabled"
            description="A paused source is not polled"
            checked={enabled}
            onChange={(e) => setEnabled(e.currentTarget.checked)}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              {source ? "Save" : "Add source"}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
