import { Alert, Stack } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { IconLock } from "@tabler/icons-react";
import type { RoundDetail } from "../../../shared/ideas.schemas.ts";
import type { Ballot } from "./hooks.ts";
import { PhoneBallot } from "./PhoneBallot.tsx";
import { RatingGrid } from "./RatingGrid.tsx";
import { useBallotAutosave } from "./useBallotAutosave.ts";

/** Below Mantine's "sm" breakpoint (48em) a ballot shows one idea at a time. */
const PHONE = "(max-width: 47.99em)";

/** The voter's ballot: the keyboard grid on a wide screen, one idea at a time on a phone; one autosave for both. */
export function BallotPanel({
  round,
  ballot,
  readOnly,
  readOnlyReason,
}: {
  round: RoundDetail;
  ballot: Ballot;
  readOnly: boolean;
  readOnlyReason: string;
}) {
  const state = useBallotAutosave(round, ballot);
  // Read at once, so a phone never renders the grid first.
  const phone = useMediaQuery(PHONE, window.matchMedia(PHONE).matches, { getInitialValueInEffect: false });
  const { save } = state;
  const locked = readOnly || save.kind === "closed";
  return (
    <Stack gap="sm">
      {locked ? (
        <Alert
          color={save.kind === "closed" ? "orange" : "gray"}
          variant="light"
          icon={<IconLock size={18} />}
          title="Voting has closed"
          role="alert"
        >
          {save.kind === "closed" ? `${save.message} Your last changes were not saved.` : readOnlyReason}
        </Alert>
      ) : null}
      {phone ? (
        <PhoneBallot round={round} ballot={state} locked={locked} />
      ) : (
        <RatingGrid round={round} ballot={state} locked={locked} />
      )}
    </Stack>
  );
}
