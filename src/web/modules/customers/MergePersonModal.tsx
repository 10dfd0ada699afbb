import { Alert, Button, Group, Modal, SegmentedControl, Select, Stack, Text } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconAlertTriangle } from "@tabler/icons-react";
import { useEffect, useState } from "react";
import { useLocation } from "wouter";
import type { Person } from "../../../shared/feedback.schemas.ts";
import { errorMessage } from "../../api/client.ts";
import { notifySuccess } from "../../components/feedback.tsx";
import { customersPaths, useCustomers, useMergePerson } from "./hooks.ts";

/**
 * Merge a duplicate customer: pick the other record and which of the two to keep. The other one's feedback,
 * links to ideas (through their feedback) and close-the-loop history move to the kept one; it is deleted.
 */
export function MergePersonModal({
  opened,
  onClose,
  wid,
  person,
}: {
  opened: boolean;
  onClose: () => void;
  wid: string;
  person: Person;
}) {
  const [search, setSearch] = useState("");
  const [q] = useDebouncedValue(search.trim(), 250);
  // The chosen duplicate is kept here: once chosen, the search box shows its label and the list may no longer hold it.
  const [other, setOther] = useState<Person | null>(null);
  const [keep, setKeep] = useState<"this" | "other">("this");
  const [, navigate] = useLocation();
  // Fetched only while open: the modal is mounted with every customer page.
  const people = useCustomers(wid, q, undefined, opened);
  const merge = useMergePerson(wid);
  useEffect(() => {
    if (!opened) return;
    setSearch("");
    setOther(null);
    setKeep("this");
    merge.reset();
  }, [opened, merge.reset]);
  const labelOf = (p: Person) => (p.email ? `${p.name} <${p.email}>` : p.name);
  const found = people.items.filter((p) => p.id !== person.id);
  const choices = other && !found.some((p) => p.id === other.id) ? [other, ...found] : found;
  const options = choices.map((p) => ({ value: p.id, label: labelOf(p) }));
  const submit = () => {
    if (!other) return;
    const [id, intoId] = keep === "this" ? [other.id, person.id] : [person.id, other.id];
    merge.mutate(
      { id, intoId },
      {
        onSuccess: (kept) => {
          notifySuccess(`${kept.name} now has ${kept.feedbackCount} feedback items.`, "Customers merged");
          onClose();
          if (kept.id !== person.id) navigate(customersPaths.person(wid, kept.id));
        },
      },
    );
  };
  return (
    <Modal opened={opened} onClose={onClose} title={`Merge ${person.name} with a duplicate`} size="md">
      <Stack gap="md">
        <Select
          label="The duplicate"
          placeholder="Search by name or e-mail"
          searchable
          searchValue={search}
          onSearchChange={setSearch}
          data={options}
          value={other?.id ?? null}
          onChange={(v) => setOther(choices.find((p) => p.id === v) ?? null)}
          nothingFoundMessage={people.isPending ? "Searching…" : "No other customer matches"}
          filter={({ options: o }) => o}
          data-autofocus
        />
        <Stack gap={4}>
          <Text size="sm" fw={500} id="merge-keep-label">
            Keep
          </Text>
          <SegmentedControl
            aria-labelledby="merge-keep-label"
            value={keep}
            onChange={(v) => setKeep(v as "this" | "other")}
            data={[
              { value: "this", label: person.name },
              { value: "other", label: other?.name ?? "The duplicate", disabled: !other },
            ]}
          />
        </Stack>
        <Text size="sm" c="dimmed">
          The other record's feedback (and so its evidence on ideas) and what they were told move to the one
          you keep, which also takes its e-mail, external id and company where it has none. The other record
          is then deleted. The audit log records the merge.
        </Text>
        {merge.error ? (
          <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} role="alert">
            {errorMessage(merge.error)}
          </Alert>
        ) : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button color="red" onClick={submit} disabled={!other} loading={merge.isPending}>
            Merge
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
