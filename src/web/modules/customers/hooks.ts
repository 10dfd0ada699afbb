import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import type {
  Company,
  CreateCompany,
  CreatePerson,
  FeedbackItem,
  Person,
  PersonPageDataSchema,
} from "../../../shared/feedback.schemas.ts";
import { api, type Page } from "../../api/client.ts";
import { usePagedList, wsKey } from "../../api/hooks.ts";

export type { Company, Person };
export type PersonPageData = z.infer<typeof PersonPageDataSchema>;

export const customersPaths = {
  list: (wid: string, tab: "companies" | "people" = "companies") => `/w/${wid}/customers/${tab}`,
  person: (wid: string, id: string) => `/w/${wid}/customers/people/${id}`,
  company: (wid: string, id: string) => `/w/${wid}/customers/companies/${id}`,
};

export function useCompanies(wid: string, q: string) {
  return usePagedList<Company>(wsKey(wid, "companies", "list"), `/workspaces/${wid}/companies`, { q }, 50);
}

export function useCustomers(wid: string, q: string, companyId?: string, enabled = true) {
  return usePagedList<Person>(
    wsKey(wid, "customers", "list"),
    `/workspaces/${wid}/people`,
    { q, companyId },
    50,
    enabled,
  );
}

export function useCompanySearch(wid: string, q: string, enabled = true) {
  return useQuery({
    queryKey: wsKey(wid, "companies", "search", q),
    queryFn: ({ signal }) => api.get<Page<Company>>(`/workspaces/${wid}/companies`, { q, limit: 20 }, signal),
    select: (p) => p.items,
    enabled,
    placeholderData: (prev) => prev,
  });
}

export function useCompany(wid: string, id: string) {
  return useQuery({
    queryKey: wsKey(wid, "companies", "detail", id),
    queryFn: ({ signal }) => api.get<Company>(`/workspaces/${wid}/companies/${id}`, undefined, signal),
  });
}

/** The first 50 feedback items of a company's people (the company page). */
export function useCompanyFeedback(wid: string, id: string) {
  return useQuery({
    queryKey: wsKey(wid, "feedback", "company", id),
    queryFn: ({ signal }) =>
      api.get<Page<FeedbackItem>>(`/workspaces/${wid}/feedback`, { companyId: id, limit: 50 }, signal),
  });
}

export function usePersonPage(wid: string, id: string) {
  return useQuery({
    queryKey: wsKey(wid, "customers", "page", id),
    queryFn: ({ signal }) =>
      api.get<PersonPageData>(`/workspaces/${wid}/people/${id}/page`, undefined, signal),
  });
}

export function useCreateCompany(wid: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Partial<CreateCompany> & { name: string }) =>
      api.post<Company>(`/workspaces/${wid}/companies`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: wsKey(wid, "companies") }),
  });
}

export function useCreateCustomer(wid: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Partial<CreatePerson> & { name: string }) =>
      api.post<Person>(`/workspaces/${wid}/people`, body),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: wsKey(wid, "customers") });
      void qc.invalidateQueries({ queryKey: wsKey(wid, "companies") });
    },
  });
}

/** Merges customer `id` into `intoId` (the one kept): feedback and close-the-loop history move, `id` is deleted. */
export function useMergePerson(wid: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, intoId }: { id: string; intoId: string }) =>
      api.post<Person>(`/workspaces/${wid}/people/${id}/merge`, { intoId }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: wsKey(wid, "customers") });
      void qc.invalidateQueries({ queryKey: wsKey(wid, "companies") });
      void qc.invalidateQueries({ queryKey: wsKey(wid, "feedback") });
    },
  });
}
