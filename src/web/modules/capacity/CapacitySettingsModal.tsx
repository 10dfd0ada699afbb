import {
  Alert,
  Button,
  Group,
  Input,
  Modal,
  NumberInput,
  SegmentedControl,
  Stack,
  Text,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconAlertTriangle, IconInfoCircle } from "@tabler/icons-react";
import { useState } from "react";
import type { CapacityUnit } from "../../../shared/enums.ts";
import type { CapacitySettings } from "../../../shared/roadmap.schemas.ts";
import { applyApiError, notifySuccess } from "../../components/feedback.tsx";
import { useWorkspace } from "../../lib/workspace.ts";
import { useCapacitySettings, useSaveCapacitySettings } from "./hooks.ts";

interface Values {
  capacityUnit: CapacityUnit;
  pointsPerPersonMonth: number | string;
}

/** The unit every capacity and effort is counted in, and how many points a person-month is worth. */
export function CapacitySettingsModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { workspaceId: wid } = useWorkspace();
  const settings = useCapacitySettings(wid);
  // The write lives here, not in the keyed form: saving changes the settings, which mounts a new form, and the
  // write's callbacks (say so, close) must still run.
  const save = useSaveCapacitySettings(wid);
  return (
    <Modal opened={opened} onClose={onClose} title="Capacity settings">
      {/* Starts again from the stored settings once they load, or when they change. */}
      <CapacitySettingsForm
        key={JSON.stringify(settings.data ?? null)}
        onClose={onClose}
        settings={settings.data}
        pending={settings.isPending}
        save={save}
      />
    </Modal>
  );
}

function CapacitySettingsForm({
  onClose,
  settings,
  pending,
  save,
}: {
  onClose: () => void;
  settings: CapacitySettings | undefined;
  pending: boolean;
  save: ReturnType<typeof useSaveCapacitySettings>;
}) {
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<Values>({
    initialValues: settings ?? { capacityUnit: "person_days", pointsPerPersonMonth: 20 },
    validate: {
      pointsPerPersonMonth: (v, values) => {
        if (values.capacityUnit !== "points") return null;
        const n = typeof v === "number" ? v : Number(v);
        return v === "" || !Number.isFinite(n) || n < 0.1 || n > 1000 ? "From 0.1 to 1,000" : null;
      },
    },
  });

  const submit = (v: Values) => {
    setFormError(null);
    save.mutate(
      { capacityUnit: v.capacityUnit, pointsPerPersonMonth: Number(v.pointsPerPersonMonth) || 20 },
      {
        onSuccess: () => {
          notifySuccess(
            v.capacityUnit === "points"
              ? "Capacity is counted in points."
              : "Capacity is counted in person-days.",
            "Capacity settings saved",
          );
          onClose();
        },
        onError: (e) => setFormError(applyApiError(form, e)),
      },
    );
  };

  const unitChanged = settings && form.values.capacityUnit !== settings.capacityUnit;

  return (
    <form onSubmit={form.onSubmit(submit)} noValidate>
      <Stack gap="md">
        {formError ? (
          <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} role="alert">
            {formError}
          </Alert>
        ) : null}
        <Input.Wrapper
          label="Capacity unit"
          id="capacity-unit"
          description="Capacity and the effort of roadmap items are counted in this unit"
        >
          <SegmentedControl
            mt={6}
            fullWidth
            aria-labelledby="capacity-unit-label"
            data={[
              { value: "person_days", label: "Person-days" },
              { value: "points", label: "Points" },
            ]}
            {...form.getInputProps("capacityUnit")}
          />
        </Input.Wrapper>
        {form.values.capacityUnit === "points" ? (
          <NumberInput
            label="Points per person-month"
            description="What one person working full time for a month delivers"
            min={0.1}
            max={1000}
            decimalScale={2}
            {...form.getInputProps("pointsPerPersonMonth")}
          />
        ) : null}
        {unitChanged ? (
          <Alert color="yellow" variant="light" icon={<IconInfoCircle size={18} />}>
            Derived capacities switch to the new unit at once. Numbers set by hand in the grid and the effort
            of roadmap items keep their values: review them after the change.
          </Alert>
        ) : null}
        <Text size="xs" c="dimmed">
          Derived capacity: working weekdays × each member’s allocation − their time off; in points,
          person-months × points per person-month.
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending} disabled={pending}>
            Save settings
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
