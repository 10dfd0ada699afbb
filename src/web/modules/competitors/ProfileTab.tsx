import {
  ActionIcon,
  Button,
  FileButton,
  Grid,
  Group,
  MultiSelect,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  TagsInput,
  Text,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { randomId } from "@mantine/hooks";
import { IconDownload, IconPlus, IconTrash, IconUpload, IconX } from "@tabler/icons-react";
import { useState } from "react";
import {
  COMPETITOR_STATUS_LABELS,
  COMPETITOR_STATUSES,
  type CompetitorStatusValue,
} from "../../../shared/competitors.schemas.ts";
import { ApiError } from "../../api/client.ts";
import { applyApiError, notifyError, notifySuccess } from "../../components/feedback.tsx";
import { StaleAlert } from "../../components/StaleAlert.tsx";
import { FormError } from "../../components/States.tsx";
import { useWorkspace } from "../../lib/workspace.ts";
import { Markdown } from "../ideas/markdown.tsx";
import { type Competitor, useCompetitor, useCompetitorMutations, useProductOptions } from "./hooks.ts";
import { CompetitorLogo } from "./parts.tsx";

const URL_RE = /^https?:\/\/\S+$/i;

/** The form's values from a competitor (links get keys for their rows). */
const valuesOf = (c: Competitor) => ({
  name: c.name,
  website: c.website ?? "",
  positioning: c.positioning ?? "",
  segments: c.segments,
  status: c.status as string,
  notes: c.notes,
  links: c.links.map((l) => ({ ...l, key: randomId() })),
});

/** The profile: fields, segments, links, notes (Markdown, shown sanitized), products and the logo. */
export function ProfileTab({ competitor: c }: { competitor: Competitor }) {
  const { workspaceId: wid, can } = useWorkspace();
  const canWrite = can("competitors.write");
  const canManage = can("competitors.manage");
  const m = useCompetitorMutations(wid);
  const detail = useCompetitor(wid, c.id);
  const products = useProductOptions(wid);
  const [error, setError] = useState<string | null>(null);
  const [stale, setStale] = useState(false);
  const form = useForm({
    initialValues: valuesOf(c),
    validate: {
      name: (v) => (v.trim() ? null : "Give the competitor a name"),
      website: (v) => (!v.trim() || URL_RE.test(v.trim()) ? null : "Start with http:// or https://"),
      links: {
        label: (v) => (v.trim() ? null : "Give the link a label"),
        url: (v) => (URL_RE.test(v.trim()) ? null : "Start with http:// or https://"),
      },
    },
  });
  const statusOptions = COMPETITOR_STATUSES.map((s) => ({
    value: s,
    label: COMPETITOR_STATUS_LABELS[s],
    // Archiving, or bringing back from the archive, needs competitors.manage.
    disabled: !canManage && (s === "archived" || c.status === "archived") && s !== c.status,
  }));

  const save = form.onSubmit((v) => {
    setError(null);
    m.update.mutate(
      {
        id: c.id,
        version: c.version,
        name: v.name.trim(),
        website: v.website.trim() || null,
        positioning: v.positioning.trim() || null,
        segments: v.segments,
        status: v.status as CompetitorStatusValue,
        notes: v.notes,
        links: v.links.map((l) => ({ label: l.label.trim(), url: l.url.trim() })),
      },
      {
        onSuccess: (after) => {
          form.setInitialValues(valuesOf(after));
          form.setValues(valuesOf(after));
          form.resetDirty();
          notifySuccess("Profile saved");
        },
        onError: (err) => {
          if (err instanceof ApiError && err.isStale) setStale(true);
          else setError(applyApiError(form, err));
        },
      },
    );
  });
  const linkedIds = c.products.map((p) => p.id);
  const setProducts = (ids: string[]) => {
    const add = ids.filter((x) => !linkedIds.includes(x));
    const drop = linkedIds.filter((x) => !ids.includes(x));
    for (const productId of add)
      m.link.mutate({ id: c.id, productId, on: true }, { onError: (e) => notifyError(e) });
    for (const productId of drop)
      m.link.mutate({ id: c.id, productId, on: false }, { onError: (e) => notifyError(e) });
  };

  return (
    <Grid gap="lg">
      <Grid.Col span={{ base: 12, md: 8 }}>
        <Paper withBorder p="md" radius="md">
          <form onSubmit={save} noValidate>
            <Stack gap="sm">
              {stale ? (
                <StaleAlert
                  what="competitor"
                  reloading={detail.isFetching}
                  onReload={async () => {
                    const r = await detail.refetch();
                    if (r.data) {
                      form.setInitialValues(valuesOf(r.data));
                      form.setValues(valuesOf(r.data));
                      form.resetDirty();
                    }
                    setStale(false);
                  }}
                />
              ) : null}
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                <TextInput label="Name" required disabled={!canWrite} {...form.getInputProps("name")} />
                <TextInput
                  label="Website"
                  placeholder="https://…"
                  disabled={!canWrite}
                  {...form.getInputProps("website")}
                />
              </SimpleGrid>
              <TextInput
                label="Positioning"
                description="One line: how they describe themselves"
                disabled={!canWrite}
                {...form.getInputProps("positioning")}
              />
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                <TagsInput
                  label="Target segments"
                  placeholder="Type and press Enter"
                  disabled={!canWrite}
                  {...form.getInputProps("segments")}
                />
                <Select
                  label="Status"
                  data={statusOptions}
                  allowDeselect={false}
                  disabled={!canWrite}
                  {...form.getInputProps("status")}
                />
              </SimpleGrid>
              <Stack gap={6}>
                <Text size="sm" fw={500}>
                  Links
                </Text>
                {form.values.links.map((link, i) => (
                  <Group key={link.key} gap="xs" align="flex-start" wrap="nowrap">
                    <TextInput
                      aria-label={`Link ${i + 1} label`}
                      placeholder="Label"
                      disabled={!canWrite}
                      w="35%"
                      {...form.getInputProps(`links.${i}.label`)}
                    />
                    <TextInput
                      aria-label={`Link ${i + 1} address`}
                      placeholder="https://…"
                      disabled={!canWrite}
                      style={{ flex: 1 }}
                      {...form.getInputProps(`links.${i}.url`)}
                    />
                    {canWrite ? (
                      <ActionIcon
                        variant="subtle"
                        color="gray"
                        mt={4}
                        aria-label={`Remove link ${i + 1}`}
                        onClick={() => form.removeListItem("links", i)}
                      >
                        <IconX size={16} />
                      </ActionIcon>
                    ) : null}
                  </Group>
                ))}
                {canWrite ? (
                  <Button
                    variant="subtle"
                    size="xs"
                    leftSection={<IconPlus size={14} />}
                    onClick={() => form.insertListItem("links", { label: "", url: "", key: randomId() })}
                    style={{ alignSelf: "flex-start" }}
                  >
                    Add link
                  </Button>
                ) : null}
              </Stack>
              <Textarea
                label="Notes"
                description="Markdown"
                autosize
                minRows={4}
                maxRows={16}
                disabled={!canWrite}
                {...form.getInputProps("notes")}
              />
              <FormError error={error} />
              {canWrite ? (
                <Group justify="flex-end">
                  <Button variant="default" disabled={!form.isDirty()} onClick={() => form.reset()}>
                    Discard
                  </Button>
                  <Button type="submit" loading={m.update.isPending} disabled={!form.isDirty()}>
                    Save profile
                  </Button>
                </Group>
              ) : null}
            </Stack>
          </form>
        </Paper>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 4 }}>
        <Stack gap="lg">
          <Paper withBorder p="md" radius="md">
            <Stack gap="sm">
              <Title order={2} fz="md">
                Logo
              </Title>
              <Group gap="sm">
                <CompetitorLogo wid={wid} c={c} size={64} />
                <Text size="xs" c="dimmed" style={{ flex: 1 }}>
                  PNG, JPEG, WebP, GIF or ICO, at most 256 kB. SVG is not accepted.
                </Text>
              </Group>
              {canWrite ? (
                <Group gap="xs">
                  <FileButton
                    accept="image/png,image/jpeg,image/webp,image/gif,image/x-icon,image/vnd.microsoft.icon"
                    onChange={(file) =>
                      file &&
                      m.uploadLogo.mutate(
                        { id: c.id, file },
                        { onSuccess: () => notifySuccess("Logo uploaded"), onError: (e) => notifyError(e) },
                      )
                    }
                  >
                    {(props) => (
                      <Button
                        {...props}
                        size="xs"
                        variant="default"
                        leftSection={<IconUpload size={14} />}
                        loading={m.uploadLogo.isPending}
                      >
                        Upload
                      </Button>
                    )}
                  </FileButton>
                  <Button
                    size="xs"
                    variant="default"
                    leftSection={<IconDownload size={14} />}
                    disabled={!c.website}
                    loading={m.fetchLogo.isPending}
                    onClick={() =>
                      m.fetchLogo.mutate(c.id, {
                        onSuccess: () => notifySuccess("Icon fetched from the website"),
                        onError: (e) => notifyError(e, "No icon fetched"),
                      })
                    }
                  >
                    Fetch from website
                  </Button>
                  {c.logoUpdatedAt ? (
                    <Button
                      size="xs"
                      variant="subtle"
                      color="red"
                      leftSection={<IconTrash size={14} />}
                      onClick={() => m.removeLogo.mutate(c.id, { onError: (e) => notifyError(e) })}
                    >
                      Remove
                    </Button>
                  ) : null}
                </Group>
              ) : null}
            </Stack>
          </Paper>
          <Paper withBorder p="md" radius="md">
            <Stack gap="sm">
              <Title order={2} fz="md">
                Competes with
              </Title>
              <MultiSelect
                aria-label="Our products this competitor competes with"
                data={products.data ?? c.products.map((p) => ({ value: p.id, label: p.name }))}
                value={linkedIds}
                onChange={setProducts}
                disabled={!canWrite}
                searchable
                placeholder={linkedIds.length ? undefined : "Pick our products"}
              />
            </Stack>
          </Paper>
          {c.notes.trim() ? (
            <Paper withBorder p="md" radius="md">
              <Stack gap="xs">
                <Title order={2} fz="md">
                  Notes
                </Title>
                <Markdown source={c.notes} />
              </Stack>
            </Paper>
          ) : null}
        </Stack>
      </Grid.Col>
    </Grid>
  );
}
