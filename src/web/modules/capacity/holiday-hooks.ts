/** Holiday calendars: queries and writes (contract: src/shared/holidays.schemas.ts). */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type {
  CreateHoliday,
  CreateHolidayCalendar,
  Holiday,
  HolidayCalendar,
  HolidayCalendars,
  ImportIcsResult,
  UpdateHoliday,
  UpdateHolidayCalendar,
} from "../../../shared/holidays.schemas.ts";
import { api } from "../../api/client.ts";
import { wsKey } from "../../api/hooks.ts";

// Under "capacity": every capacity write refreshes them, and their writes refresh capacity.
export function useHolidayCalendars(wid: string) {
  return useQuery({
    queryKey: wsKey(wid, "capacity", "holiday-calendars"),
    queryFn: ({ signal }) =>
      api.get<HolidayCalendars>(`/workspaces/${wid}/holiday-calendars`, undefined, signal),
  });
}

/** A calendar's holidays overlapping [from, to]. */
export function useHolidays(wid: string, calendarId: string | null, from: string, to: string) {
  return useQuery({
    queryKey: wsKey(wid, "capacity", "holidays", calendarId, from, to),
    queryFn: ({ signal }) =>
      api.get<{ items: Holiday[] }>(
        `/workspaces/${wid}/holiday-calendars/${calendarId}/holidays`,
        { from, to },
        signal,
      ),
    select: (d) => d.items,
    enabled: calendarId !== null,
    placeholderData: (prev) => prev,
  });
}

/** Holidays change capacity, so the roadmaps' load and SMART checks too. */
function useHolidayWrite<I, O>(wid: string, fn: (input: I) => Promise<O>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: wsKey(wid, "capacity") });
      void qc.invalidateQueries({ queryKey: wsKey(wid, "roadmaps") });
    },
  });
}

export const useCreateCalendar = (wid: string) =>
  useHolidayWrite(wid, (input: CreateHolidayCalendar) =>
    api.post<HolidayCalendar>(`/workspaces/${wid}/holiday-calendars`, input),
  );
export const useUpdateCalendar = (wid: string) =>
  useHolidayWrite(wid, ({ id, ...input }: UpdateHolidayCalendar & { id: string }) =>
    api.patch<HolidayCalendar>(`/workspaces/${wid}/holiday-calendars/${id}`, input),
  );
export const useDeleteCalendar = (wid: string) =>
  useHolidayWrite(wid, (id: string) => api.delete<undefined>(`/workspaces/${wid}/holiday-calendars/${id}`));
export const useCreateHoliday = (wid: string) =>
  useHolidayWrite(wid, ({ calendarId, ...input }: CreateHoliday & { calendarId: string }) =>
    api.post<Holiday>(`/workspaces/${wid}/holiday-calendars/${calendarId}/holidays`, input),
  );
export const useUpdateHoliday = (wid: string) =>
  useHolidayWrite(wid, ({ id, ...input }: UpdateHoliday & { id: string }) =>
    api.patch<Holiday>(`/workspaces/${wid}/holidays/${id}`, input),
  );
export const useDeleteHoliday = (wid: string) =>
  useHolidayWrite(wid, (id: string) => api.delete<undefined>(`/workspaces/${wid}/holidays/${id}`));
export const useImportIcs = (wid: string) =>
  useHolidayWrite(wid, ({ calendarId, ics }: { calendarId: string; ics: string }) =>
    api.post<ImportIcsResult>(`/workspaces/${wid}/holiday-calendars/${calendarId}/import`, { ics }),
  );
export const useSetTeamCalendar = (wid: string) =>
  useHolidayWrite(wid, ({ teamId, calendarId }: { teamId: string; calendarId: string | null }) =>
    api.put<undefined>(`/workspaces/${wid}/team-calendars/${teamId}`, { calendarId }),
  );
