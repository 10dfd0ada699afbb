import {
  Anchor,
  Button,
  Checkbox,
  Group,
  Radio,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from "@mantine/core";
import { useState } from "react";
import type { MatrixCell } from "../../../shared/matrix.schemas.ts";
import type { CellStatus } from "../../../shared/matrix.ts";
import { ApiError, errorMessage } from "../../api/client.ts";
import { notifySuccess } from "../../components/feedback.tsx";
import { FormError } from "../../components/States.tsx";
import { formatDate, relativeTime } from "../../lib/format.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { usePutCell, useVerifyCell } from "./hooks.ts";
import { STATUS_ORDER, STATUS_UI } from "./labels.ts";

/** The status choices: a radio per status with its glyph and word. */
export function StatusRadios({
  value,
  onChange,
  disabled,
}: {
  value: CellStatus;
  onChange: (s: CellStatus) => void;
  disabled?: boolean;
}) {
  return (
    <Radio.Group label="Status" value={value} onChange={(v) => onChange(v as CellStatus)}>
      <SimpleGrid cols={2} spacing={6} mt={4}>
        {STATUS_ORDER.map((s) => (
          <Radio
            key={s}
            value={s}
            disabled={disabled}
            label={`${STATUS_UI[s].glyph} ${STATUS_UI[s].long}`}
            size="sm"
          />
        ))}
      </SimpleGrid>
    </Radio.Group>
  );
}

/** The form to edit one cell: status, note, source, verified now (or "mark verified" as it is). */
export function CellEditor({
  rowId,
  rowName,
  target,
  who,
  cell,
  canWrite,
  onDone,
}: {
  rowId: string;
  rowName: string;
  target: string;
  who: string;
  cell: MatrixCell;
  canWrite: boolean;
  onDone: () => void;
}) {
  const { workspaceId: wid } = useWorkspace();
  const put = usePutCell(wid);
  const verify = useVerifyCell(wid);
  const [status, setStatus] = useState<CellStatus>(cell.status);
  const [note, setNote] = useState(cell.note);
  const [sourceUrl, setSourceUrl] = useState(cell.sourceUrl ?? "");
  const [verified, setVerified] = useState(true);
  const err = put.error ?? verify.error;
  const fields = err instanceof ApiError ? err.fields : {};

  const save = () =>
    put.mutate(
      {
        rowId,
        target,
        body: {
          status,
          note,
          sourceUrl: sourceUrl.trim() || null,
          verified,
          version: cell.version,
        },
      },
      { onSuccess: onDone },
    );

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (canWrite) save();
      }}
    >
      <Stack gap="xs">
        <div>
          <Text fw={600} size="sm">
            {who}: {rowName}
          </Text>
          <Text size="xs" c={cell.stale ? "orange" : "dimmed"}>
            {cell.verifiedAt
              ? `Verified ${relativeTime(cell.verifiedAt)} (${formatDate(cell.verifiedAt)})`
              : "Never verified"}
            {cell.stale ? " — stale, check it again" : ""}
          </Text>
        </div>
        <StatusRadios value={status} onChange={setStatus} disabled={!canWrite} />
        <Textarea
          label="Note"
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          autosize
          minRows={2}
          maxRows={5}
          maxLength={2000}
          readOnly={!canWrite}
          error={fields.note}
        />
        {canWrite ? (
          <TextInput
            label="Source URL"
            placeholder="https://…"
            value={sourceUrl}
            onChange={(e) => setSourceUrl(e.currentTarget.value)}
            error={fields.sourceUrl}
          />
        ) : cell.sourceUrl ? (
          <Anchor href={cell.sourceUrl} target="_blank" rel="noopener noreferrer nofollow" size="sm">
            Source
          </Anchor>
        ) : null}
        {canWrite ? (
          <>
            <Checkbox
              label="I checked it now (mark verified)"
              checked={verified}
              onChange={(e) => setVerified(e.currentTarget.checked)}
              size="sm"
            />
            <FormError
              error={
                err
                  ? err instanceof ApiError && err.isStale
                    ? "Someone changed this cell meanwhile; close and open it again"
                    : errorMessage(err)
                  : null
              }
            />
            <Group justify="space-between" gap="xs">
              <Button
                variant="subtle"
                size="compact-sm"
                loading={verify.isPending}
                onClick={() =>
                  verify.mutate(
                    { rowId, target },
                    {
                      onSuccess: () => {
                        notifySuccess(`${who}: marked verified`);
                        onDone();
                      },
                    },
                  )
                }
              >
                Verified as is
              </Button>
              <Group gap="xs">
                <Button variant="default" size="compact-sm" onClick={onDone}>
                  Cancel
                </Button>
                <Button type="submit" size="compact-sm" loading={put.isPending}>
                  Save
                </Button>
              </Group>
            </Group>
          </>
        ) : null}
      </Stack>
    </form>
  );
}
