import {
  CreateCompanySchema,
  type CreateFeedback,
  CreatePersonSchema,
} from "../../shared/feedback.schemas.ts";
import type { Importance } from "../../shared/feedback.ts";
import { CreateSourceSchema } from "../../shared/sources.schemas.ts";
import type { WorkspaceContext } from "../context.ts";
import type { Database, Db } from "../db/client.ts";
import { DAY, systemClock } from "../lib/clock.ts";
import { createCompany, createPerson } from "../modules/customers/customers.service.ts";
import { linkToIdea } from "../modules/feedback/evidence.service.ts";
import { getItem, ingestFeedback, updateFeedback } from "../modules/feedback/feedback.service.ts";
import { finishPollRow } from "../modules/sources/sources.queries.ts";
import { createSource } from "../modules/sources/sources.service.ts";

/**
 * The demo's "Listen" half: Northwind Mobile's customers (companies in three segments, with ARR) and what they
 * said through every way in — captured by colleagues after calls, e-mail, Hacker News, Mastodon, Bluesky, App
 * Store reviews and GitHub — triaged and linked to the backlog's ideas with an importance, so the evidence
 * panels, the inbox and the demand figures have something to show. The polled sources are configured but
 * paused: the demo never reaches the internet (resume one to poll the real service).
 */

type Segment = "Enterprise" | "Mid-market" | "SMB";
const COMPANIES: {
  key: string;
  name: string;
  domain: string;
  segment: Segment;
  plan: string;
  arr: number;
  currency: "EUR" | "USD";
}[] = [
  {
    key: "atlas",
    name: "Atlas Elevators",
    domain: "atlas-elevators.test",
    segment: "Enterprise",
    plan: "Enterprise",
    arr: 480_000,
    currency: "EUR",
  },
  {
    key: "brightline",
    name: "Brightline Utilities",
    domain: "brightline.test",
    segment: "Enterprise",
    plan: "Enterprise",
    arr: 920_000,
    currency: "USD",
  },
  {
    key: "granite",
    name: "Granite Fire & Safety",
    domain: "granite-fire.test",
    segment: "Enterprise",
    plan: "Enterprise",
    arr: 610_000,
    currency: "USD",
  },
  {
    key: "coastal",
    name: "Coastal HVAC Services",
    domain: "coastal-hvac.test",
    segment: "Mid-market",
    plan: "Business",
    arr: 96_000,
    currency: "USD",
  },
  {
    key: "dunmore",
    name: "Dunmore Facilities",
    domain: "dunmore.test",
    segment: "Mid-market",
    plan: "Business",
    arr: 145_000,
    currency: "EUR",
  },
  {
    key: "fjord",
    name: "Fjord Lift Service",
    domain: "fjordlift.test",
    segment: "Mid-market",
    plan: "Business",
    arr: 78_000,
    currency: "EUR",
  },
  {
    key: "evergreen",
    name: "Evergreen Pest Control",
    domain: "evergreen-pest.test",
    segment: "SMB",
    plan: "Starter",
    arr: 12_000,
    currency: "USD",
  },
  {
    key: "harbor",
    name: "Harbor Plumbing Co.",
    domain: "harborplumbing.test",
    segment: "SMB",
    plan: "Starter",
    arr: 8_400,
    currency: "USD",
  },
  {
    key: "ironwood",
    name: "Ironwood Solar",
    domain: "ironwood-solar.test",
    segment: "SMB",
    plan: "Starter",
    arr: 18_000,
    currency: "EUR",
  },
];

const PEOPLE: { key: string; name: string; company: string; local: string }[] = [
  { key: "ingrid", name: "Ingrid Solberg", company: "atlas", local: "ingrid.solberg" },
  { key: "malik", name: "Malik Johnson", company: "atlas", local: "malik.johnson" },
  { key: "rosa", name: "Rosa Delgado", company: "brightline", local: "rosa.delgado" },
  { key: "owen", name: "Owen Price", company: "brightline", local: "owen.price" },
  { key: "hana", name: "Hana Kobayashi", company: "granite", local: "hana.kobayashi" },
  { key: "luis", name: "Luis Moreno", company: "coastal", local: "luis" },
  { key: "bea", name: "Beatrice Walsh", company: "dunmore", local: "b.walsh" },
  { key: "piet", name: "Piet de Vries", company: "dunmore", local: "piet.devries" },
  { key: "eirik", name: "Eirik Nygaard", company: "fjord", local: "eirik" },
  { key: "jo", name: "Jo Bennett", company: "evergreen", local: "jo" },
  { key: "sam", name: "Sam Okoro", company: "harbor", local: "sam" },
  { key: "mia", name: "Mia Schulz", company: "ironwood", local: "mia.schulz" },
];

type Polled = "hackernews" | "mastodon" | "appstore" | "bluesky";
interface DemoItem {
  source: "manual" | "email" | "github" | Polled;
  /** A customer (their company follows), or a colleague who captured it, or an external handle. */
  person?: string;
  by?: string;
  handle?: string;
  title?: string;
  text: string;
  days: number;
  links?: [idea: string, importance: Importance][];
  status?: "triaged" | "archived" | "spam";
  tags?: string[];
}

const OFFLINE = "Offline job list that survives a reboot";
const PHOTOS = "Photo capture with automatic compression";
const SSO = "SSO with Okta and Azure AD";
const ROUTES = "Route optimisation for the day's jobs";
const DARK = "Dark theme";
const BARCODE = "Parts lookup by barcode scan";
const CHAT = "In-app chat with the dispatcher";
const I18N = "Spanish and Portuguese translations";
const HISTORY = "Job history of the customer's site";
const BATTERY = "Battery saver for long shifts";
const SAFETY = "Safety checklist before starting work";
const TIMESHEET = "Time sheet export to payroll";
const REMINDER = "Push reminder before the next appointment";

const ITEMS: DemoItem[] = [
  {
    source: "email",
    person: "ingrid",
    title: "Jobs gone after a phone restart",
    text: "Two of our technicians lost their whole job list this morning after their phones restarted in a lift shaft with no signal. They had to call dispatch for every address. This is a blocker for the rollout to our Nordic teams.",
    days: 2,
    links: [[OFFLINE, "critical"]],
  },
  {
    source: "manual",
    person: "rosa",
    by: "rahul",
    title: "QBR with Brightline",
    text: "Quarterly review with Brightline: their IT department will not approve more seats until technicians can sign in with Azure AD. They also asked whether the app can keep the day's jobs when crews are out in rural areas without coverage.",
    days: 5,
    links: [
      [SSO, "critical"],
      [OFFLINE, "important"],
    ],
  },
  {
    source: "email",
    person: "owen",
    text: "Our security team needs SSO (Azure AD) before the summer. Password resets are our number one helpdesk ticket for the Northwind app.",
    days: 9,
    links: [[SSO, "critical"]],
  },
  {
    source: "manual",
    person: "hana",
    by: "chloe",
    title: "Granite renewal call",
    text: "Renewal call with Granite: they love the signature flow. Blocking for them: a mandatory safety checklist before a technician can start a job on a fire system. Nice to have: Okta sign-in.",
    days: 12,
    links: [
      [SAFETY, "critical"],
      [SSO, "nice"],
    ],
  },
  {
    source: "email",
    person: "luis",
    title: "Photos take forever to upload",
    text: "Photos of completed installs take minutes to upload on 4G and sometimes fail. Could the app shrink them before sending? Our techs end up emailing pictures from their personal phones.",
    days: 3,
    links: [[PHOTOS, "important"]],
  },
  {
    source: "email",
    person: "bea",
    text: "Is there a way to see previous visits to the same building? Our engineers keep repeating diagnostics the last person already did.",
    days: 16,
    links: [[HISTORY, "important"]],
  },
  {
    source: "manual",
    person: "piet",
    by: "priya",
    title: "Customer interview: Dunmore",
    text: "Interview with Piet (ops lead). Biggest pain: planning the day's route by hand every morning, 30–40 minutes per dispatcher. Would pay extra for route optimisation. Also wants chat with dispatch instead of phone calls.",
    days: 20,
    links: [
      [ROUTES, "important"],
      [CHAT, "nice"],
    ],
  },
  {
    source: "email",
    person: "eirik",
    text: "Our lift technicians scan part numbers all day. A barcode scanner in the parts lookup would save a lot of typing errors.",
    days: 7,
    links: [[BARCODE, "important"]],
  },
  {
    source: "email",
    person: "jo",
    text: "Love the app! Small thing: the screen is very bright at night when we do evening treatments. A dark mode would be great.",
    days: 11,
    links: [[DARK, "nice"]],
  },
  {
    source: "email",
    person: "sam",
    text: "The app drains the battery by early afternoon. My guys carry power banks now. Please fix.",
    days: 4,
    links: [[BATTERY, "important"]],
  },
  {
    source: "email",
    person: "mia",
    text: "We have installers in Portugal and Spain. Any plans for Portuguese and Spanish?",
    days: 25,
    links: [[I18N, "important"]],
  },
  {
    source: "manual",
    person: "malik",
    by: "rahul",
    text: "Support call: Atlas wants time sheets exported straight to their payroll system instead of re-typing them every Friday.",
    days: 18,
    links: [[TIMESHEET, "nice"]],
  },
  {
    source: "email",
    person: "ingrid",
    text: "Follow-up: our technicians would also like a reminder 30 minutes before the next appointment, customers complain when we are late.",
    days: 1,
    links: [[REMINDER, "nice"]],
  },
  {
    source: "manual",
    by: "lena",
    title: "Usability test, round 3",
    text: "Usability test with five technicians: four of five looked for a way to message the dispatcher from the job screen. Two mentioned the app feels slow when the list has more than 30 jobs.",
    days: 14,
    links: [[CHAT, "important"]],
  },
  {
    source: "hackernews",
    handle: "fieldops_dan",
    title: "Ask HN: Best field service app for small teams?",
    text: "We tried Northwind Mobile for our HVAC crew. Solid offline support on paper, but we lost data twice after reboots. Route planning is still manual, which is the main thing I want from these tools.",
    days: 6,
    links: [
      [OFFLINE, "important"],
      [ROUTES, "nice"],
    ],
  },
  {
    source: "hackernews",
    handle: "tkessler",
    text: "The Northwind app is fine, but no SSO means our IT won't allow it. It's 2026, SAML/OIDC should be table stakes for B2B mobile apps.",
    days: 8,
    links: [[SSO, "important"]],
  },
  {
    source: "hackernews",
    handle: "kb_lin",
    text: "Honestly the best part of Northwind is the signature capture. Customers sign on the tablet and the PDF report goes out instantly.",
    days: 22,
  },
  {
    source: "mastodon",
    handle: "@maria@mastodon.social",
    text: "Day 3 of using #Northwind in the field: photo uploads over a weak signal are painful. Otherwise pretty smooth. #fieldservice",
    days: 2,
    links: [[PHOTOS, "nice"]],
  },
  {
    source: "mastodon",
    handle: "@gearhead@fosstodon.org",
    text: "Would love to see #Northwind support a dark theme. Working night shifts in plant rooms and the white screen blinds me. #fieldservice",
    days: 10,
    links: [[DARK, "nice"]],
  },
  {
    source: "mastodon",
    handle: "@spamlord@bots.example",
    text: "Buy cheap followers now!!! Best prices for #fieldservice accounts, click my profile",
    days: 3,
    status: "spam",
  },
  {
    source: "bluesky",
    handle: "@crewlead.bsky.social",
    text: "Northwind Mobile lost my whole day's jobs after an iOS update restart. Had to call the office for every address. Not great.",
    days: 1,
  },
  {
    source: "bluesky",
    handle: "@plumbpro.bsky.social",
    text: "Switched our plumbing crew to Northwind last month. The barcode scanning everyone keeps asking for would make it perfect.",
    days: 5,
    links: [[BARCODE, "nice"]],
  },
  {
    source: "bluesky",
    handle: "@ops-nerd.bsky.social",
    text: "Anyone know if Northwind Mobile has route optimisation yet? Comparing field service tools for a 40-person team.",
    days: 0.5,
  },
  {
    source: "appstore",
    handle: "TechOnTheRoad",
    title: "Great until you lose signal",
    text: "The app is great until you lose signal and restart the phone, then the job list is empty. Please fix offline mode!",
    days: 3,
    links: [[OFFLINE, "critical"]],
    tags: ["rating-2"],
  },
  {
    source: "appstore",
    handle: "HVAC_Hannah",
    title: "Battery hog",
    text: "Does what it says but eats my battery. By 2pm I'm at 20%.",
    days: 6,
    links: [[BATTERY, "important"]],
    tags: ["rating-3"],
  },
  {
    source: "appstore",
    handle: "sparky1987",
    title: "Love it",
    text: "Best field app we have used. Signatures and photos in one place, and support answers fast. Five stars.",
    days: 9,
    tags: ["rating-5"],
  },
  {
    source: "appstore",
    handle: "LiftGuyNO",
    title: "Needs Norwegian",
    text: "Good app, but my team would like it in their own language. Spanish and Portuguese would help our southern teams too.",
    days: 30,
    links: [[I18N, "nice"]],
    tags: ["rating-4"],
  },
  {
    source: "appstore",
    handle: "cheapdeals4u",
    title: "Promo",
    text: "Visit my site for free gift cards",
    days: 12,
    status: "spam",
    tags: ["rating-5"],
  },
  {
    source: "github",
    handle: "jmartins",
    title: "API: expose job history per site",
    text: "For our integration we need the history of jobs at a customer site through the API, the same list technicians would see in the app.",
    days: 15,
    links: [[HISTORY, "nice"]],
  },
  {
    source: "email",
    person: "hana",
    text: "Thanks for the quick fix on the signature export last week, the team noticed.",
    days: 26,
    status: "archived",
  },
  {
    source: "manual",
    person: "rosa",
    by: "chloe",
    text: "At the utilities trade show, three prospects asked about route optimisation and offline jobs. Brightline's ops director repeated that offline is their top issue.",
    days: 13,
    links: [
      [ROUTES, "important"],
      [OFFLINE, "important"],
    ],
  },
  {
    source: "email",
    person: "luis",
    text: "Our dispatcher would really like to chat with technicians in the app instead of texting them.",
    days: 19,
    status: "triaged",
  },
  {
    source: "email",
    person: "eirik",
    text: "Sometimes the app logs us out in the middle of a job and we lose the notes. Could that be related to the battery saver on Android?",
    days: 0.2,
  },
  {
    source: "email",
    person: "bea",
    text: "Can we get a checklist before starting work for our gas engineers? Regulation requires it from January.",
    days: 0.8,
    links: [[SAFETY, "important"]],
  },
];

const SOURCES: {
  key: Polled;
  input: unknown;
  pausedDaysAgo: number;
  error?: { code: string; message: string };
}[] = [
  {
    key: "hackernews",
    input: {
      kind: "hackernews",
      name: "Hacker News: Northwind",
      config: { query: "Northwind field service" },
      enabled: false,
      intervalMinutes: 60,
    },
    pausedDaysAgo: 0.3,
  },
  {
    key: "mastodon",
    input: {
      kind: "mastodon",
      name: "Mastodon #fieldservice",
      config: { instanceUrl: "https://mastodon.social", hashtag: "fieldservice" },
      enabled: false,
      intervalMinutes: 30,
    },
    pausedDaysAgo: 0.4,
  },
  {
    key: "bluesky",
    input: {
      kind: "bluesky",
      name: "Bluesky mentions",
      config: { identifier: "northwind-labs.bsky.social", query: "Northwind Mobile" },
      // A placeholder: resuming the source shows how a refused sign-in is recorded (set a real one to poll).
      secrets: { appPassword: "demo-not-a-real-password" },
      enabled: false,
      intervalMinutes: 15,
    },
    pausedDaysAgo: 0.2,
  },
  {
    key: "appstore",
    input: {
      kind: "appstore",
      name: "App Store reviews (US)",
      config: { appId: "1459876543", country: "us" },
      enabled: false,
      intervalMinutes: 360,
    },
    pausedDaysAgo: 0.5,
    error: { code: "http_429", message: "itunes.apple.com answered 429: Too many requests" },
  },
];

export async function seedDemoFeedback(
  db: Db,
  ctx: WorkspaceContext,
  productId: string,
  ideas: { id: string; title: string }[],
  people: Record<string, string>,
) {
  const clock = systemClock;
  const now = clock.now().getTime();
  const ago = (days: number) => new Date(now - days * DAY).toISOString();
  const companyIds: Record<string, string> = {};
  for (const c of COMPANIES) {
    const { key, ...fields } = c;
    const created = await createCompany(db, ctx, CreateCompanySchema.parse(fields));
    companyIds[key] = created.id;
  }
  const personIds: Record<string, string> = {};
  for (const p of PEOPLE) {
    const domain = COMPANIES.find((c) => c.key === p.company)?.domain;
    const created = await createPerson(
      db,
      ctx,
      CreatePersonSchema.parse({
        name: p.name,
        email: `${p.local}@${domain}`,
        companyId: companyIds[p.company],
      }),
    );
    personIds[p.key] = created.id;
  }
  const sourceIds = {} as Record<Polled, string>;
  for (const s of SOURCES) {
    const created = await createSource(db, ctx, { ...CreateSourceSchema.parse(s.input), productId }, clock);
    sourceIds[s.key] = created.id;
  }

  const batch: CreateFeedback[] = ITEMS.map((it, i) => {
    const polled = it.source in sourceIds ? (it.source as Polled) : null;
    const externalId = it.source === "manual" ? null : `demo-${it.source}-${i}`;
    return {
      text: it.text,
      title: it.title ?? null,
      source: it.source,
      sourceId: polled ? sourceIds[polled] : "",
      externalId,
      author: {
        personId: it.person ? personIds[it.person] : null,
        userId: !it.person && it.by ? people[it.by] : null,
        handle: it.handle ?? null,
      },
      companyId: null,
      url: urlOf(it, i),
      receivedAt: ago(it.days),
      tags: it.tags ?? [],
    };
  });
  const { items } = await ingestFeedback({ db } as Database, ctx, batch, clock);
  const ideaId = new Map(ideas.map((i) => [i.title, i.id]));
  let links = 0;
  for (const [i, it] of ITEMS.entries()) {
    const id = items[i].id;
    const actor = { ...ctx, userId: people[it.by ?? "priya"] ?? ctx.userId };
    for (const [title, importance] of it.links ?? []) {
      const target = ideaId.get(title);
      if (!target) throw new Error(`The demo backlog has no idea "${title}"`);
      await linkToIdea(db, actor, id, { ideaId: target, start: null, end: null, importance });
      links++;
    }
    if (it.status || it.days > 7) {
      // Older items have been read; triaged, archived and spam ones were sorted by the PM.
      const item = await getItem(db, ctx.workspaceId, id);
      await updateFeedback(
        db,
        { ...ctx, userId: people.priya },
        id,
        { ...(it.status ? { status: it.status } : {}), read: true, version: item.version },
        clock,
      );
    }
  }
  // The paused sources' history: when they last polled, brought something, or failed.
  for (const s of SOURCES) {
    const count = ITEMS.filter((it) => it.source === s.key).length;
    const newest = Math.min(...ITEMS.filter((it) => it.source === s.key).map((it) => it.days));
    await finishPollRow(db, ctx.workspaceId, sourceIds[s.key], {
      lastPolledAt: ago(s.pausedDaysAgo),
      lastSuccessAt: ago(s.error ? s.pausedDaysAgo + 0.25 : s.pausedDaysAgo),
      lastNewAt: ago(Math.max(newest, s.pausedDaysAgo)),
      lastImported: s.error ? 0 : 1,
      importedMore: count,
      ...(s.error
        ? {
            lastErrorAt: ago(s.pausedDaysAgo),
            lastErrorCode: s.error.code,
            lastError: s.error.message,
            consecutiveFailures: 3,
          }
        : {}),
    });
  }
  return {
    companies: COMPANIES.length,
    customers: PEOPLE.length,
    feedback: ITEMS.length,
    links,
    sources: SOURCES.length,
  };
}

/** Where the item was said, as the service would link it (demo addresses; nothing is fetched). */
function urlOf(it: DemoItem, i: number): string | null {
  switch (it.source) {
    case "hackernews":
      return `https://news.ycombinator.com/item?id=${42_100_000 + i}`;
    case "mastodon":
      return `https://mastodon.social/@${(it.handle ?? "").split("@")[1]}/${113_500_000_000_000_000n + BigInt(i)}`;
    case "bluesky":
      return `https://bsky.app/profile/${(it.handle ?? "").slice(1)}/post/3lx${i.toString(36)}demo`;
    case "appstore":
      return "https://apps.apple.com/us/app/northwind-mobile/id1459876543?see-all=reviews";
    case "github":
      return `https://github.com/northwind-labs/mobile-api/issues/${200 + i}`;
    default:
      return null;
  }
}
