import fc from "fast-check";
import type { FixtureIds } from "./fuzz-fixture.ts";

/**
 * The route fuzzer's request model: every operation of the OpenAPI document gets a valid request built
 * from its JSON schemas and the fixture's ids, then hostile variants change one thing at a time.
 */
type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Schema = Record<string, any>;
export interface Operation {
  method: string;
  path: string; // OpenAPI form: /api/v1/workspaces/{wid}/ideas/{id}
  params: { name: string; in: "path" | "query"; required: boolean; schema: Schema }[];
  body: Schema | null;
}
export interface FuzzRequest {
  method: string;
  url: string;
  body?: unknown;
  what: string; // the variant, for failure reports
}

/** Every API operation of the document (the web catch-all left out), reads first, deletes last. */
export function operations(doc: { paths: Record<string, Record<string, Schema>> }): Operation[] {
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    if (!path.startsWith("/api/")) continue;
    for (const [method, op] of Object.entries(methods)) {
      ops.push({
        method: method.toUpperCase(),
        path,
        params: (op.parameters ?? []).filter((p: Schema) => p.in === "path" || p.in === "query"),
        body: op.requestBody?.content?.["application/json"]?.schema ?? null,
      });
    }
  }
  // Reads first; writes that end something (closing a round, deciding or cancelling a sign-off) after the
  // other writes; deletes of children before their parents; the workspace itself last.
  const LATE_WRITES = /\/(close|decision|cancel)$/;
  const PARENTS = /\/(products|roadmaps|objectives|teams|rounds|competitors)\/\{id\}$/;
  const rank = (o: Operation) => {
    if (o.path === "/api/v1/workspaces/{wid}" && o.method === "DELETE") return 9;
    if (o.path.includes("/auth/") && o.method !== "GET") return 8;
    if (o.method === "GET") return 0;
    if (o.method === "DELETE") return PARENTS.test(o.path) ? 4 : 3;
    if (LATE_WRITES.test(o.path)) return o.path.endsWith("/cancel") ? 2.5 : 2;
    return 1;
  };
  return ops.sort((a, b) => rank(a) - rank(b));
}

/** Which fixture id a path parameter or a body field names. */
function idFor(name: string, path: string, ids: FixtureIds): string | undefined {
  const segment = (param: string) => {
    const parts = path.split("/");
    return parts[parts.indexOf(`{${param}}`) - 1];
  };
  const bySegment: Record<string, string> = {
    products: "product",
    teams: "team",
    ideas: "idea",
    rounds: "round",
    objectives: "objective",
    "key-results": "keyResult",
    roadmaps: "roadmap",
    "roadmap-items": "item",
    milestones: "milestone",
    plans: "plan",
    signoffs: "signoff",
    "share-links": "shareLink",
    invitations: path.endsWith("{token}") ? "invitationToken" : "invitation",
    tokens: "token",
    views: "view",
    "time-off": "timeOff",
    "holiday-calendars": "holidayCalendar",
    holidays: "holiday",
    "team-calendars": "team",
    members: "member",
    versions: "baseline",
    shared: "shareToken",
    calendar: "calendarFile",
    workspaces: "wid",
    companies: "company",
    people: "person",
    feedback: "feedback",
    links: "link",
    sources: "source",
    themes: "theme",
    "reply-templates": "replyTemplate",
    changelog: "changelogEntry",
    competitors: "competitor",
    monitors: "monitor",
    "swot-cards": "swotCard",
    "pricing-plans": "pricingPlan",
    rows: "capability",
    changes: "change",
  };
  if (["id", "userId", "pid", "vid", "token", "file", "wid", "linkId", "mid"].includes(name)) {
    // Routes under a sign-off act on the pending one, whose roadmap is the second.
    if (name === "id" && path.includes("/signoff-preflight")) return ids.roadmap2;
    // The public changelog: /public/changelog/{wid}/{pid} (the workspace, then its product).
    if (path.includes("/public/changelog/"))
      return name === "wid" ? ids.wid : name === "pid" ? ids.product : undefined;
    return ids[bySegment[segment(name)] ?? ""];
  }
  const byField: Record<string, string> = {
    productId: "product",
    ideaId: "idea",
    ideaIds: "idea3",
    addIdeaIds: "idea3",
    intoId: path.includes("/themes/") ? "theme2" : "idea2",
    teamId: "team",
    calendarId: "holidayCalendar",
    teamIds: "team",
    userId: "member",
    voterIds: "member",
    addVoterIds: "member",
    ownerId: "member",
    leadId: "member",
    managerId: "member",
    mentions: "member",
    actorId: "owner",
    factorId: "factor",
    objectiveIds: "objective",
    keyResultIds: "keyResult",
    roadmapId: "roadmap",
    itemId: path.includes("/themes/") ? "feedback" : "item",
    itemIds: path.includes("/themes") ? "feedback" : "item",
    dependsOn: "item2",
    versionId: path.includes("/signoffs/") ? "signoffVersion" : "baseline",
    from: "version",
    roundId: "round",
    remove: "member",
    ids: "idea",
    companyId: "company",
    personId: "person",
    assigneeId: "member",
    templateId: "replyTemplate",
    changelogEntryId: "changelogEntry",
    roadmapItemIds: "item",
    competitorId: "competitor",
    monitorId: "changeMonitor",
  };
  return ids[byField[name] ?? ""];
}

/** A valid value for a JSON schema: required properties, fixture ids for uuids, sane dates and numbers. */
export function sample(s: Schema, name: string, path: string, ids: FixtureIds): Json {
  if ("default" in s && s.default !== null && !s.minItems) return s.default;
  if (s.anyOf || s.oneOf) {
    const options = (s.anyOf ?? s.oneOf) as Schema[];
    return sample(options.find((o) => o.type !== "null") ?? options[0], name, path, ids);
  }
  if (s.enum) return s.enum[0];
  if (s.const !== undefined) return s.const;
  switch (s.type) {
    case "object": {
      const out: Record<string, Json> = {};
      for (const key of s.required ?? []) out[key] = sample(s.properties[key], key, path, ids);
      return out;
    }
    case "array": {
      const n = Math.max(s.minItems ?? 0, idFor(name, path, ids) ? 1 : 0);
      return Array.from({ length: n }, () => sample(s.items ?? {}, name, path, ids));
    }
    case "integer":
    case "number":
      return Math.max(s.minimum ?? 1, Math.min(s.maximum ?? 1, 1));
    case "boolean":
      return false;
    case "string": {
      if (s.format === "uuid") return idFor(name, path, ids) ?? "00000000-0000-4000-8000-000000000000";
      if (s.format === "date-time") return new Date(Date.now() + 4 * 86_400_000).toISOString();
      if (s.format === "email" || /email/i.test(name))
        return `fuzz.${Math.random().toString(36).slice(2)}@example.test`;
      const p = String(s.pattern ?? "");
      if (p.includes("(0[1-9]|1[0-2])")) return "2027-03";
      if (p.includes("\\d{2}-\\d{2}")) return "2027-03-01";
      const text = "Fuzz value 1234567";
      return text.slice(0, s.maxLength ?? text.length).padEnd(s.minLength ?? 0, "x");
    }
    default:
      return "Fuzz";
  }
}

/** Every place a value can go: path and query parameters, and body paths (arrays at index 0), optional ones too. */
export function slotSchemas(op: Operation): { at: string[]; schema: Schema }[] {
  const out = op.params.map((p) => ({ at: [p.in, p.name], schema: p.schema }));
  const walk = (s: Schema | undefined, at: string[], depth: number) => {
    if (!s || depth > 4) return;
    const inner = s.anyOf?.find((o: Schema) => o.type !== "null") ?? s;
    if (inner.type === "object" && inner.properties)
      for (const [k, v] of Object.entries<Schema>(inner.properties)) {
        out.push({ at: [...at, k], schema: v });
        walk(v, [...at, k], depth + 1);
      }
    if (inner.type === "array") {
      out.push({ at: [...at, "0"], schema: inner.items ?? {} });
      walk(inner.items, [...at, "0"], depth + 1);
    }
  };
  if (op.body) {
    out.push({ at: ["body"], schema: op.body });
    walk(op.body, ["body"], 0);
  }
  return out;
}
export const slots = (op: Operation) => slotSchemas(op).map((s) => s.at);

/**
 * The systematic pass: one value per slot chosen by its type to hit what that type can break in the
 * database or in arithmetic (NUL or a lone surrogate in text, 2^31 or ±1e308 in numbers, years 0 and 10000
 * in dates, forged cursors, the other workspace's id of the same kind). `turn` rotates the choice (the seed).
 */
export function killerFor(
  op: Operation,
  slot: { at: string[]; schema: Schema },
  other: FixtureIds,
  turn: number,
) {
  const s = slot.schema.anyOf?.find((o: Schema) => o.type !== "null") ?? slot.schema;
  const name = slot.at[slot.at.length - 1];
  const pick = <T>(xs: T[]) => xs[Math.abs(turn) % xs.length];
  if (slot.at[0] === "path")
    return pick(["a\u0000b", "x\ud800y", (!SECRETS.has(name) && idFor(name, op.path, other)) || "\u0000"]);
  if (name === "cursor") return pick(FORGED_CURSORS);
  if (s.format === "uuid" || (s.type === "array" && s.items?.format === "uuid")) {
    const theirs = idFor(/^\d+$/.test(name) ? slot.at[slot.at.length - 2] : name, op.path, other);
    return s.type === "array" ? [theirs ?? "\u0000"] : (theirs ?? "\u0000");
  }
  if (s.format === "date-time") return pick(["0000-01-01T00:00:00Z", "10000-01-01T00:00:00Z"]);
  if (String(s.pattern ?? "").includes("\\d{4}")) return pick(["0000-01-01", "10000-01-01", "0000-01"]);
  if (s.type === "string" && !s.enum) return pick(["a\u0000b", "x\ud800y"]);
  if (s.type === "integer" || s.type === "number") return pick([2 ** 31, 1e308, -1e308, -(2 ** 31) - 1]);
  return pick(["\u0000", 2 ** 31, { "\u0000": "\ud800" }]);
}

const b64 = (s: string) => Buffer.from(s).toString("base64url");
const FORGED_CURSORS = [
  b64("\u0000\u00ff junk"),
  b64('["2027-01-01T00:00:00.000Z","------------------------------------"]'),
  b64('["0000-01-01T00:00:00Z","00000000-0000-4000-8000-000000000000"]'),
  b64('["tomorrow","00000000-0000-4000-8000-000000000000"]'),
  b64('["2027-01-01T00:00:00Z"]'),
  b64('{"at":1}'),
];
/** The hostile values: each one a known way to reach a database or arithmetic error. */
export function hostileValues(other: FixtureIds): fc.Arbitrary<unknown> {
  const known = fc.constantFrom<unknown>(
    "",
    "\u0000",
    "a\u0000b",
    "\ud800",
    "x\udc00y",
    "A".repeat(100_000),
    "NaN",
    "Infinity",
    "-1",
    "1e308",
    "2147483648",
    "0000-01-01",
    "10000-01-01",
    "0000-01-01T00:00:00Z",
    "10000-01-01T00:00:00Z",
    "2027-02-30",
    "0000-01",
    "' OR 1=1 --",
    "00000000-0000-0000-0000-000000000000",
    "not-a-uuid",
    ...FORGED_CURSORS,
    1e308,
    -1e308,
    2 ** 31,
    2 ** 31 - 1,
    -(2 ** 31) - 1,
    2 ** 53,
    -1,
    0,
    0.5,
    null,
    true,
    [],
    [null],
    {},
    { $ne: 1 },
    ["\u0000"],
  );
  const theirs = fc.constantFrom(...Object.values(other).filter((v) => /^[0-9a-f-]{36}$/.test(v)));
  return fc.oneof(
    { weight: 6, arbitrary: known },
    { weight: 2, arbitrary: theirs },
    { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 12 }) },
    { weight: 1, arbitrary: fc.double() },
    { weight: 1, arbitrary: fc.integer({ min: -(2 ** 40), max: 2 ** 40 }) },
  );
}

export type Mutation =
  | { kind: "set"; slot: string[]; value: unknown }
  | { kind: "drop"; slot: string[] }
  | { kind: "extra"; value: unknown }
  | { kind: "tenant" }; // every id of the path from the other workspace

export const mutations = (op: Operation, other: FixtureIds) => {
  const all = slots(op);
  const value = hostileValues(other);
  const arbs: fc.Arbitrary<Mutation>[] = [fc.record({ kind: fc.constant("tenant" as const) })];
  if (all.length)
    arbs.push(fc.record({ kind: fc.constant("set" as const), slot: fc.constantFrom(...all), value }));
  if (op.body) {
    arbs.push(fc.record({ kind: fc.constant("drop" as const), slot: fc.constantFrom(...all) }));
    arbs.push(fc.record({ kind: fc.constant("extra" as const), value }));
  }
  return fc.oneof(...arbs);
};

// encodeURIComponent throws on a lone surrogate: send the bytes a careless client would (CESU-8).
const encode = (v: string) => {
  try {
    return encodeURIComponent(v);
  } catch {
    return [...v]
      .map((c) => {
        const u = c.charCodeAt(0);
        if (u < 0xd800 || u > 0xdfff || c.length > 1) return encodeURIComponent(c);
        return [0xe0 | (u >> 12), 0x80 | ((u >> 6) & 0x3f), 0x80 | (u & 0x3f)]
          .map((b) => `%${b.toString(16).toUpperCase()}`)
          .join("");
      })
      .join("");
  }
};
const asParam = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v));

// Path parameters that are themselves the credential (share links, feeds, invitations): anyone holding one may read.
const SECRETS = new Set(["token", "file"]);

/** The request for an operation: the base one, or with a mutation applied. */
export function buildRequest(op: Operation, ids: FixtureIds, other: FixtureIds, m?: Mutation): FuzzRequest {
  const path: Record<string, string> = {};
  const query: Record<string, string> = {};
  for (const p of op.params) {
    if (p.in === "path")
      path[p.name] =
        (m?.kind === "tenant" && !SECRETS.has(p.name) ? idFor(p.name, op.path, other) : undefined) ??
        idFor(p.name, op.path, ids) ??
        "x";
    else if (p.required) query[p.name] = asParam(sample(p.schema, p.name, op.path, ids));
  }
  let body: any = op.body ? sample(op.body, "body", op.path, ids) : undefined;
  body = op.body ? (OVERRIDES[`${op.method} ${op.path}`]?.(ids) ?? body) : undefined;
  if (m?.kind === "set" || m?.kind === "drop") {
    const [where, ...rest] = m.slot;
    if (where === "path") path[rest[0]] = m.kind === "set" ? asParam(m.value) : "";
    else if (where === "query") {
      if (m.kind === "set") query[rest[0]] = asParam(m.value);
      else delete query[rest[0]];
    } else if (rest.length === 0) body = m.kind === "set" ? m.value : undefined;
    else {
      body = structuredClone(body ?? {});
      let at: any = body;
      for (const key of rest.slice(0, -1)) {
        if (at[key] === null || typeof at[key] !== "object") at[key] = /^\d+$/.test(key) ? [] : {};
        at = at[key];
      }
      if (m.kind === "set") at[rest[rest.length - 1]] = m.value;
      else delete at[rest[rest.length - 1]];
    }
  }
  if (m?.kind === "extra") body = { ...(body ?? {}), unexpectedField: m.value };
  let url = op.path.replace(/\{(\w+)\}/g, (_, name) => encode(path[name] ?? ""));
  const qs = Object.entries(query).map(([k, v]) => `${k}=${encode(v)}`);
  if (qs.length) url += `?${qs.join("&")}`;
  const what = m ? describeMutation(m) : "base";
  return { method: op.method, url, body, what };
}

const describeMutation = (m: Mutation) => {
  if (m.kind === "tenant") return "ids of the other workspace in the path";
  if (m.kind === "drop") return `without ${m.slot.join(".")}`;
  const shown = JSON.stringify(m.value)?.slice(0, 60) ?? String(m.value);
  return m.kind === "extra" ? `extra field = ${shown}` : `${m.slot.join(".")} = ${shown}`;
};

const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString();
/** Valid bodies the schema alone cannot describe (ids that must fit together, a CSV). */
const OVERRIDES: Record<string, (ids: FixtureIds) => unknown> = {
  "POST /api/v1/workspaces/{wid}/products/{pid}/ideas/import": () => ({
    csv: "title,description,tags,effort\nImported,From CSV,a;b,3\n",
    dryRun: false,
  }),
  "POST /api/v1/workspaces/{wid}/customers/import": () => ({
    csv: "name,email,company,segment\nFuzz Import,fuzz.import@fuzz.test,Fuzz Import Co,SMB\n",
    dryRun: false,
  }),
  "POST /api/v1/workspaces/{wid}/feedback/import": () => ({
    csv: "text,email\nImported feedback,fuzz.import@fuzz.test\n",
    dryRun: false,
  }),
  "PUT /api/v1/workspaces/{wid}/people": () => ({
    name: "Fuzz upserted",
    email: "fuzz.upserted@fuzz.test",
    externalId: null,
    companyId: null,
  }),
  // A feed on a loopback port nothing listens on (polling records the refusal; no other host is reached).
  "POST /api/v1/workspaces/{wid}/sources": () => ({
    kind: "rss",
    name: "Fuzz feed two",
    config: { url: "http://127.0.0.1:9/feed-two" },
  }),
  "POST /api/v1/workspaces/{wid}/competitors/{id}/monitors": () => ({
    kind: "page",
    name: "Fuzz page two",
    url: "http://127.0.0.1:9/page-two",
    config: { selector: "main", ignoreSelectors: [".ad"], ignorePatterns: ["v\\d+"], pricing: false },
  }),
  "PATCH /api/v1/workspaces/{wid}/competitors/{id}/monitors/{mid}": () => ({
    version: 1,
    thresholdPercent: 2,
    config: { selector: null, ignoreSelectors: [], ignorePatterns: [], pricing: true },
  }),
  "PATCH /api/v1/workspaces/{wid}/feedback/themes/{id}": () => ({ name: "Fuzz theme renamed", version: 1 }),
  "POST /api/v1/workspaces/{wid}/objectives/{id}/key-results": () => ({
    title: "Fuzz KR",
    metricName: "m",
    baseline: 0,
    target: 8,
    dueDate: "2027-09-30",
  }),
  "POST /api/v1/workspaces/{wid}/products/{pid}/ideas/bulk": (i) => ({
    ids: [i.idea3],
    set: { addTags: ["bulk"] },
  }),
  "PUT /api/v1/workspaces/{wid}/rounds/{id}/ratings": (i) => ({
    ratings: [{ ideaId: i.idea, factorId: i.factor, value: 3 }],
  }),
  "PUT /api/v1/workspaces/{wid}/signoffs/{id}/decision": (i) => ({
    versionId: i.signoffVersion,
    decision: "approved_with_comments",
    comment: "Looks fine",
    itemComments: [{ itemId: i.item3, body: "Ok" }],
  }),
  "POST /api/v1/workspaces/{wid}/roadmaps/{id}/signoffs": (i) => ({
    approvers: [{ userId: i.member }],
    deadline: day(6),
    overrideReason: "Fuzzing",
  }),
  "POST /api/v1/workspaces/{wid}/signoffs/{id}/approvers": (i) => ({ add: [{ teamId: i.team }] }),
  "POST /api/v1/workspaces/{wid}/signoffs/{id}/extend": () => ({ deadline: day(9), reason: "More time" }),
  "PUT /api/v1/workspaces/{wid}/factors": (i) => ({
    productId: i.product,
    factors: [{ name: "Value", weight: 2, direction: "benefit", labels: [] }],
  }),
  "PUT /api/v1/workspaces/{wid}/products/{pid}/score-counting": () => ({
    version: 0,
    mode: "combine",
    halfLifeRounds: 2,
  }),
  "PUT /api/v1/workspaces/{wid}/capacity": (i) => ({
    cells: [{ teamId: i.team, month: "2027-03", capacity: 12, note: "Fuzz" }],
  }),
  "POST /api/v1/workspaces/{wid}/roadmaps/{id}/plan": () => ({ scope: "unplanned", timeLimitSeconds: 1 }),
  "POST /api/v1/workspaces/{wid}/roadmaps/{id}/items": (i) => ({
    title: "Fuzz item",
    period: "2027-04",
    targetDate: "2027-04-20",
    efforts: [{ teamId: i.team, effort: 2 }],
    objectiveIds: [i.objective],
    keyResultIds: [i.keyResult],
    dependsOn: [i.item],
  }),
  "POST /api/v1/workspaces/{wid}/objectives": (i) => ({
    title: "Fuzz goal",
    productId: i.product,
    periodStart: "2027-01-01",
    periodEnd: "2027-06-30",
    keyResults: [{ title: "KR", metricName: "m", baseline: 1, target: 5, current: 2, dueDate: "2027-06-30" }],
  }),
  "POST /api/v1/workspaces/{wid}/rounds": (i) => ({
    productId: i.product,
    name: "Fuzz round",
    ideaIds: [i.idea3],
    voterIds: [i.member],
    deadline: day(4),
  }),
  "POST /api/v1/workspaces/{wid}/holiday-calendars": () => ({ name: "Fuzz calendar" }),
  "PATCH /api/v1/workspaces/{wid}/holiday-calendars/{id}": () => ({ name: "Fuzz calendar renamed" }),
  "POST /api/v1/workspaces/{wid}/holiday-calendars/{id}/holidays": () => ({
    date: "2027-05-03",
    name: "Fuzz day",
  }),
  "POST /api/v1/workspaces/{wid}/holiday-calendars/{id}/import": () => ({
    ics: "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:fuzz\r\nDTSTART;VALUE=DATE:20270506\r\nSUMMARY:Fuzz\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
  }),
  "PATCH /api/v1/workspaces/{wid}/holidays/{id}": () => ({ name: "Fuzz day renamed" }),
  "PUT /api/v1/workspaces/{wid}/team-calendars/{id}": (i) => ({ calendarId: i.holidayCalendar }),
  "POST /api/v1/workspaces/{wid}/time-off": (i) => ({
    userId: i.member,
    startDate: "2027-05-03",
    endDate: "2027-05-04",
  }),
  "POST /api/v1/auth/password": () => ({
    currentPassword: "correct horse battery",
    newPassword: "correct horse battery",
  }),
};
