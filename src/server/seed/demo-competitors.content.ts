import type { BillingPeriod, CellStatus, ChangeImportance, MonitorKind } from "../db/schema.competitors.ts";

/**
 * What the demo knows about Northwind's three (invented) competitors: profiles, SWOT, plans, battlecards, the
 * feature matrix of Northwind Mobile, and what their monitored pages looked like over the last month. Every
 * address is under .example (reserved: it never resolves), and the sources are paused.
 */

export type CompetitorKey = "wrenchwise" | "fieldstack" | "routebird";

export interface DemoCompetitor {
  key: CompetitorKey;
  name: string;
  website: string;
  positioning: string;
  segments: string[];
  notes: string;
  links: { label: string; url: string }[];
  status: "active" | "watch";
  /** Indexes into the demo's products: 0 Mobile, 1 Insights. */
  products: number[];
  watchers: string[];
  swot: {
    quadrant: "strength" | "weakness" | "opportunity" | "threat";
    text: string;
    path: string;
    daysAgo: number;
  }[];
  plans: { name: string; price: number | null; unit: string; period: BillingPeriod; currency: string }[];
  battlecard: { why_we_win: string; why_we_lose: string; objections: string; landmines: string };
}

export const COMPETITORS: DemoCompetitor[] = [
  {
    key: "wrenchwise",
    name: "Wrenchwise",
    website: "https://www.wrenchwise.example",
    positioning:
      "The job app small trade businesses set up in an afternoon: quotes, jobs, invoices from one phone.",
    segments: ["SMB", "Trades (HVAC, plumbing, electrical)", "1–25 technicians"],
    notes:
      "Mobile-first and self-serve; wins on price and time-to-value with owner-operators.\n\n- Sales motion: free trial, no demo call.\n- **Weak offline**: jobs load only while online; photos queue but signatures need a connection.\n- Raised prices on the Pro plan in November (per technician).",
    links: [
      { label: "Pricing", url: "https://www.wrenchwise.example/pricing" },
      { label: "App Store listing", url: "https://apps.example/wrenchwise" },
    ],
    status: "active",
    products: [0],
    watchers: ["priya", "rahul"],
    swot: [
      {
        quadrant: "strength",
        text: "Set-up in under an hour: import customers from a spreadsheet, first job the same day.",
        path: "/features/onboarding",
        daysAgo: 40,
      },
      {
        quadrant: "strength",
        text: "Quotes and invoices on the phone, paid by card on site.",
        path: "/features/payments",
        daysAgo: 40,
      },
      {
        quadrant: "weakness",
        text: "No real offline mode: the job list needs a connection (reviews mention basements and rural sites).",
        path: "/reviews",
        daysAgo: 25,
      },
      {
        quadrant: "weakness",
        text: "No SSO and no audit trail: out of reach for our Enterprise accounts.",
        path: "/security",
        daysAgo: 60,
      },
      {
        quadrant: "opportunity",
        text: "Their Pro price rose 21% (USD 29 → 35 per technician): mid-market switchers are shopping.",
        path: "/pricing",
        daysAgo: 12,
      },
      {
        quadrant: "threat",
        text: "Bundles card payments, which we leave to integrations.",
        path: "/features/payments",
        daysAgo: 40,
      },
    ],
    plans: [
      { name: "Solo", price: 0, unit: "1 technician", period: "month", currency: "USD" },
      { name: "Pro", price: 29, unit: "per technician", period: "month", currency: "USD" },
      { name: "Business", price: 49, unit: "per technician", period: "month", currency: "USD" },
    ],
    battlecard: {
      why_we_win:
        "- **Offline that works**: Northwind keeps the day's jobs through a reboot and a dead zone; Wrenchwise needs a connection to open a job.\n- Enterprise readiness: SSO (2027 plan), audit log, sign-off of the roadmap with customers' ops leads.\n- Dispatcher-grade scheduling, not just a calendar.",
      why_we_lose:
        "- Price on small crews (1–5 technicians): their Solo plan is free.\n- Payments on site are built in; we integrate.\n- Set-up speed when the buyer is the owner-operator.",
      objections:
        '**"Wrenchwise is cheaper."** Per technician, Pro is now USD 35/month (November increase). Compare the cost of one return visit lost to a job that would not load offline.\n\n**"We need payments on site."** We integrate with the payment provider they already use; no second merchant account.',
      landmines:
        '- Ask: "What happens when a technician opens a job in a basement with no signal?"\n- Ask how they give an auditor the history of who changed a job.\n- Ask about the price change on their Pro plan last month.',
    },
  },
  {
    key: "fieldstack",
    name: "Fieldstack Suite",
    website: "https://www.fieldstack.example",
    positioning:
      "The all-in-one field service platform: CRM, dispatch, mobile workforce, inventory and analytics.",
    segments: ["Enterprise", "Mid-market", "Facilities and elevators"],
    notes:
      "Incumbent in our Enterprise deals (Atlas, Brightline evaluated it). Sold top-down with a 6–9 month implementation by partners.\n\n- Mobile app is dated but feature-complete; **offline mode 2.0** announced in November.\n- Analytics module competes with *Northwind Insights*.",
    links: [
      { label: "Blog", url: "https://www.fieldstack.example/blog" },
      { label: "Release notes", url: "https://docs.fieldstack.example/releases" },
    ],
    status: "active",
    products: [0, 1],
    watchers: ["priya", "tomas", "dana"],
    swot: [
      {
        quadrant: "strength",
        text: "One vendor for CRM, dispatch, inventory and analytics: procurement likes a single contract.",
        path: "/platform",
        daysAgo: 90,
      },
      {
        quadrant: "strength",
        text: "Deep SAP and Dynamics integrations maintained by partners.",
        path: "/integrations",
        daysAgo: 90,
      },
      {
        quadrant: "weakness",
        text: "Implementations take 6–9 months through partners; every change is a change request.",
        path: "/customers",
        daysAgo: 70,
      },
      {
        quadrant: "weakness",
        text: "Technicians rate the mobile app 3.1★: slow, many taps per job.",
        path: "/mobile",
        daysAgo: 30,
      },
      {
        quadrant: "opportunity",
        text: "Customers outgrowing their reporting ask for operations analytics they can change themselves (Insights' pitch).",
        path: "/analytics",
        daysAgo: 45,
      },
    ],
    plans: [
      { name: "Professional", price: 89, unit: "per user", period: "month", currency: "USD" },
      { name: "Enterprise", price: null, unit: "per user", period: "year", currency: "USD" },
    ],
    battlecard: {
      why_we_win:
        "- **Technicians like using it**: fewer taps per job, faster app; adoption is what makes the data good.\n- Live in weeks, not quarters: no partner implementation.\n- Transparent roadmap with sign-off by the customer's leads.",
      why_we_lose:
        "- Procurement wants one vendor for CRM, dispatch and inventory.\n- Existing SAP integration done by their partner.\n- Their offline mode 2.0 (November) removes our easiest differentiator if it ships as announced.",
      objections:
        '**"Fieldstack does everything."** Which modules will your technicians use every day? Northwind does the daily job flow better and connects to the CRM you already have.\n\n**"Their offline mode is new."** Ask for a reference customer on 2.0; ours is in production with 40,000 weekly users.',
      landmines:
        "- Ask how long their last customer's implementation took, and who did it.\n- Ask to see a technician complete a job with a signature, on a phone, timed.\n- Ask what the analytics module costs on top of the Professional plan.",
    },
  },
  {
    key: "routebird",
    name: "Routebird",
    website: "https://www.routebird.example",
    positioning: "AI route planning and dispatch for mobile teams, with a light technician app.",
    segments: ["Mid-market", "Utilities", "Multi-region fleets"],
    notes:
      "Started as route optimisation; now adding a technician app and dispatcher chat. Watching: could move into our space from the dispatch side.\n\n- Strong on routing (their core); app is thin.\n- Sells to the dispatcher, not the field.",
    links: [{ label: "Changelog", url: "https://www.routebird.example/changelog" }],
    status: "watch",
    products: [0],
    watchers: ["priya"],
    swot: [
      {
        quadrant: "strength",
        text: "Route optimisation that re-plans the day live when a job runs late.",
        path: "/changelog",
        daysAgo: 6,
      },
      {
        quadrant: "weakness",
        text: "The technician app has no offline mode and no checklists.",
        path: "/app",
        daysAgo: 50,
      },
      {
        quadrant: "opportunity",
        text: "Partnering on routing could fill our route optimisation gap faster than building it.",
        path: "/partners",
        daysAgo: 35,
      },
    ],
    plans: [
      { name: "Team", price: 24, unit: "per vehicle", period: "month", currency: "USD" },
      { name: "Fleet", price: 199, unit: "per month, up to 25 vehicles", period: "month", currency: "USD" },
    ],
    battlecard: {
      why_we_win:
        "- Complete job flow for the technician (offline list, photos, signatures, checklists); Routebird's app shows the route.\n- One tool for the field and the backlog of what technicians ask for.",
      why_we_lose:
        "- Route optimisation: theirs is mature, ours is on the 2027 plan.\n- Dispatchers choose the tool when routing is their main pain.",
      objections:
        '**"Routebird saves us fuel."** Routing is one part of the day; the rest is the job itself. Northwind integrates routing and does the job flow.\n\n**"They have chat now."** So does the dispatcher\'s phone; ask how chat ties to the job record.',
      landmines:
        "- Ask what the technician does when the app has no signal.\n- Ask whether checklists and signatures are on their roadmap, and when.",
    },
  },
];

export interface MatrixLine {
  name: string;
  theme: string;
  /** A Northwind Mobile idea's title (the row is linked to it). */
  idea?: string;
  ours: CellStatus;
  /** Per competitor: status, days since verified (over 90: stale), note. */
  cells: Partial<Record<CompetitorKey, [CellStatus, number, string?]>>;
}

export const MATRIX: MatrixLine[] = [
  {
    name: "Offline job list",
    theme: "Offline & sync",
    idea: "Offline job list that survives a reboot",
    ours: "partial",
    cells: {
      wrenchwise: ["no", 25, "Needs a connection to open a job"],
      fieldstack: ["partial", 130, "Jobs cached for the day; forms need a connection"],
      routebird: ["no", 50],
    },
  },
  {
    name: "Background sync with conflict handling",
    theme: "Offline & sync",
    ours: "has",
    cells: {
      wrenchwise: ["partial", 30],
      fieldstack: ["has", 120, "Verified in the Atlas evaluation"],
      routebird: ["unknown", 0],
    },
  },
  {
    name: "Photo capture with compression",
    theme: "Offline & sync",
    idea: "Photo capture with automatic compression",
    ours: "partial",
    cells: { wrenchwise: ["has", 40], fieldstack: ["partial", 130], routebird: ["no", 50] },
  },
  {
    name: "Customer signature",
    theme: "Job execution",
    idea: "Customer signature in landscape mode",
    ours: "has",
    cells: { wrenchwise: ["has", 40], fieldstack: ["has", 130], routebird: ["no", 50] },
  },
  {
    name: "Safety checklists",
    theme: "Job execution",
    idea: "Safety checklist before starting work",
    ours: "no",
    cells: {
      wrenchwise: ["partial", 40, "Custom forms only"],
      fieldstack: ["has", 95],
      routebird: ["no", 50],
    },
  },
  {
    name: "Voice notes",
    theme: "Job execution",
    idea: "Voice notes on a job",
    ours: "no",
    cells: { wrenchwise: ["no", 40], fieldstack: ["unknown", 0], routebird: ["no", 50] },
  },
  {
    name: "Parts lookup by barcode",
    theme: "Job execution",
    idea: "Parts lookup by barcode scan",
    ours: "no",
    cells: { wrenchwise: ["no", 40], fieldstack: ["has", 130, "Inventory module"], routebird: ["no", 50] },
  },
  {
    name: "Site job history",
    theme: "Job execution",
    idea: "Job history of the customer's site",
    ours: "partial",
    cells: { wrenchwise: ["has", 40], fieldstack: ["has", 130], routebird: ["unknown", 0] },
  },
  {
    name: "Route optimisation",
    theme: "Scheduling & dispatch",
    idea: "Route optimisation for the day's jobs",
    ours: "no",
    cells: {
      wrenchwise: ["no", 40],
      fieldstack: ["partial", 100, "Static daily plan"],
      routebird: ["partial", 120, "A static plan each morning"],
    },
  },
  {
    name: "Dispatcher chat",
    theme: "Scheduling & dispatch",
    idea: "In-app chat with the dispatcher",
    ours: "no",
    cells: { wrenchwise: ["partial", 40, "SMS relay"], fieldstack: ["has", 130], routebird: ["has", 2] },
  },
  {
    name: "Appointment reminders",
    theme: "Scheduling & dispatch",
    idea: "Push reminder before the next appointment",
    ours: "has",
    cells: { wrenchwise: ["has", 40], fieldstack: ["has", 130], routebird: ["partial", 50] },
  },
  {
    name: "Customer rating after the visit",
    theme: "Scheduling & dispatch",
    idea: "Customer rating after the visit",
    ours: "no",
    cells: { wrenchwise: ["has", 40], fieldstack: ["no", 130], routebird: ["unknown", 0] },
  },
  {
    name: "SSO (Okta, Azure AD)",
    theme: "Enterprise & admin",
    idea: "SSO with Okta and Azure AD",
    ours: "no",
    cells: { wrenchwise: ["no", 60], fieldstack: ["has", 130], routebird: ["partial", 50, "Google only"] },
  },
  {
    name: "Audit trail of job changes",
    theme: "Enterprise & admin",
    ours: "has",
    cells: { wrenchwise: ["no", 60], fieldstack: ["has", 130], routebird: ["no", 50] },
  },
  {
    name: "Payroll time sheet export",
    theme: "Enterprise & admin",
    idea: "Time sheet export to payroll",
    ours: "no",
    cells: {
      wrenchwise: ["has", 40, "CSV and two payroll apps"],
      fieldstack: ["has", 130],
      routebird: ["no", 50],
    },
  },
  {
    name: "Spanish and Portuguese",
    theme: "Enterprise & admin",
    idea: "Spanish and Portuguese translations",
    ours: "no",
    cells: {
      wrenchwise: ["has", 40],
      fieldstack: ["partial", 130, "Spanish only"],
      routebird: ["unknown", 0],
    },
  },
];

export interface DemoChange {
  daysAgo: number;
  /** The page's text after the change (normalized like a check would). */
  text: string;
  importance?: ChangeImportance;
  /** The PM's category, when it differs from the suggested one. */
  category?: "pricing" | "product" | "messaging" | "hiring" | "other";
  state?: "reviewed" | "noise";
  /** Marked noise with this phrase as the source's ignore rule. */
  noisePhrase?: string;
  /** Linked to this Northwind Mobile idea. */
  idea?: string;
  /** Prices read on the page, recorded in the pricing history. */
  prices?: { plan: string; price: number; period: BillingPeriod }[];
  /** This matrix row's cell of the competitor was updated from the change. */
  cell?: { row: string; status: CellStatus; note: string };
  /** A SWOT card made from the change. */
  swot?: { quadrant: "strength" | "weakness" | "opportunity" | "threat"; text: string };
}

export interface DemoMonitor {
  competitor: CompetitorKey;
  kind: MonitorKind;
  name: string;
  path: string;
  pricing?: boolean;
  baseline: { daysAgo: number; text: string };
  changes: DemoChange[];
  /** The last check's error (a paused source that failed before it was paused). */
  error?: { code: string; message: string; failures: number };
}

const wwPricing = (pro: number, banner = "") =>
  `${banner}Pricing that grows with your crew\nSolo\n$0 /month\n1 technician, unlimited jobs\nPro\n$${pro} /month per technician\nQuotes, invoices, card payments on site\nBusiness\n$49 /month per technician\nEverything in Pro, plus dispatch board and QuickBooks sync\nAll plans include a 14-day free trial. Cancel any time.`;
const fsBlog = (posts: string[]) => posts.join("\n");
const rbChangelog = (entries: string[]) => entries.join("\n");
const fsSitemap = (paths: string[]) => paths.map((p) => `https://www.fieldstack.example${p}`).join("\n");

const FS_POSTS = [
  "Five KPIs every service director should track\nFirst-time fix rate, mean time to repair and three more, with benchmarks.\nhttps://www.fieldstack.example/blog/five-kpis",
  "Customer story: Meridian Lifts cuts return visits by 18%\nHow a 400-technician elevator company standardised its job flow.\nhttps://www.fieldstack.example/blog/meridian-lifts",
];
const RB_ENTRIES = [
  "Routebird 4.2: multi-depot planning\nPlan routes across several depots with shared vehicles.\nhttps://www.routebird.example/changelog/4-2",
  "Routebird 4.1: time windows per customer\nRespect customers' preferred hours when planning.\nhttps://www.routebird.example/changelog/4-1",
];
const FS_PAGES = ["/", "/platform", "/mobile", "/analytics", "/pricing", "/customers", "/blog"];

export const MONITORS: DemoMonitor[] = [
  {
    competitor: "wrenchwise",
    kind: "page",
    name: "Pricing page",
    path: "/pricing",
    pricing: true,
    baseline: { daysAgo: 30, text: wwPricing(29) },
    changes: [
      {
        daysAgo: 12,
        text: wwPricing(35),
        importance: "high",
        state: "reviewed",
        prices: [
          { plan: "Solo", price: 0, period: "month" },
          { plan: "Pro", price: 35, period: "month" },
          { plan: "Business", price: 49, period: "month" },
        ],
      },
      {
        daysAgo: 4,
        text: wwPricing(35, "Holiday offer: 20% off your first year with code SNOW20\n"),
        importance: "low",
        noisePhrase: "Holiday offer: 20% off your first year with code SNOW20",
      },
    ],
  },
  {
    competitor: "wrenchwise",
    kind: "sitemap",
    name: "Sitemap",
    path: "/sitemap.xml",
    baseline: {
      daysAgo: 30,
      text: "https://www.wrenchwise.example/\nhttps://www.wrenchwise.example/pricing\nhttps://www.wrenchwise.example/features",
    },
    changes: [
      {
        daysAgo: 7,
        text: "https://www.wrenchwise.example/\nhttps://www.wrenchwise.example/pricing\nhttps://www.wrenchwise.example/features\nhttps://www.wrenchwise.example/careers/senior-android-engineer\nhttps://www.wrenchwise.example/careers/offline-sync-engineer",
      },
    ],
    error: {
      code: "rate_limited",
      message: "www.wrenchwise.example answered 429 (Too Many Requests); Retry-After 3600 s",
      failures: 2,
    },
  },
  {
    competitor: "fieldstack",
    kind: "feed",
    name: "Blog feed",
    path: "/blog/feed.xml",
    baseline: { daysAgo: 29, text: fsBlog(FS_POSTS) },
    changes: [
      {
        daysAgo: 9,
        text: fsBlog([
          "Introducing offline mode 2.0 for technicians\nThe Fieldstack mobile app now keeps the full job list, forms and signatures offline for up to 72 hours, and syncs conflicts automatically.\nhttps://www.fieldstack.example/blog/offline-mode-2",
          ...FS_POSTS,
        ]),
        importance: "high",
        state: "reviewed",
        idea: "Offline job list that survives a reboot",
        cell: { row: "Offline job list", status: "has", note: "Offline mode 2.0, announced in November" },
        swot: {
          quadrant: "threat",
          text: "Offline mode 2.0 announced: closes the gap our Enterprise deals relied on.",
        },
      },
      {
        daysAgo: 3,
        text: fsBlog([
          "Fieldstack is hiring: 12 mobile engineers in Lisbon and Kraków\nJoin the team rebuilding our technician app.\nhttps://www.fieldstack.example/blog/hiring-mobile",
          "Introducing offline mode 2.0 for technicians\nThe Fieldstack mobile app now keeps the full job list, forms and signatures offline for up to 72 hours, and syncs conflicts automatically.\nhttps://www.fieldstack.example/blog/offline-mode-2",
          ...FS_POSTS,
        ]),
      },
    ],
  },
  {
    competitor: "fieldstack",
    kind: "sitemap",
    name: "Sitemap",
    path: "/sitemap.xml",
    baseline: { daysAgo: 28, text: fsSitemap(FS_PAGES) },
    changes: [
      { daysAgo: 15, text: fsSitemap([...FS_PAGES, "/solutions/elevators", "/solutions/utilities"]) },
    ],
  },
  {
    competitor: "fieldstack",
    kind: "page",
    name: "Home page",
    path: "/",
    baseline: {
      daysAgo: 27,
      text: "Field service management software\nCRM, dispatch, mobile workforce, inventory and analytics in one platform.\nTrusted by 1,200 service companies\nBook a demo",
    },
    changes: [
      {
        daysAgo: 20,
        text: "The AI-powered field service platform\nCRM, dispatch, mobile workforce, inventory and analytics in one platform, with an AI assistant for dispatchers.\nTrusted by 1,200 service companies\nBook a demo",
        category: "messaging",
        state: "reviewed",
      },
    ],
  },
  {
    competitor: "routebird",
    kind: "feed",
    name: "Changelog",
    path: "/changelog/feed.xml",
    baseline: { daysAgo: 30, text: rbChangelog(RB_ENTRIES) },
    changes: [
      {
        daysAgo: 6,
        text: rbChangelog([
          "Routebird 4.3: live re-planning\nWhen a job runs late, the rest of the day's route is re-planned and technicians are notified.\nhttps://www.routebird.example/changelog/4-3",
          ...RB_ENTRIES,
        ]),
        idea: "Route optimisation for the day's jobs",
        cell: { row: "Route optimisation", status: "has", note: "Re-plans live when a job runs late" },
      },
      {
        daysAgo: 2,
        text: rbChangelog([
          "Routebird 4.4: dispatcher chat and a technician app\nDispatchers message technicians from the map; technicians see their route and reply from the new app.\nhttps://www.routebird.example/changelog/4-4",
          "Routebird 4.3: live re-planning\nWhen a job runs late, the rest of the day's route is re-planned and technicians are notified.\nhttps://www.routebird.example/changelog/4-3",
          ...RB_ENTRIES,
        ]),
        importance: "high",
        idea: "In-app chat with the dispatcher",
        swot: {
          quadrant: "threat",
          text: "Dispatcher chat and a technician app: moving from dispatch into the field.",
        },
      },
    ],
  },
  {
    competitor: "routebird",
    kind: "page",
    name: "Pricing page",
    path: "/pricing",
    pricing: true,
    baseline: {
      daysAgo: 30,
      text: "Plans for every fleet\nTeam\n$24 /month per vehicle\nFleet\n$199 /month up to 25 vehicles\nAnnual billing saves 15%.",
    },
    changes: [
      {
        daysAgo: 18,
        text: "Plans for every fleet\nTeam\n$24 /month per vehicle\nFleet\n$199 /month up to 25 vehicles\nAnnual billing saves 20%. Nonprofits get a further 10% off.",
        importance: "normal",
        state: "reviewed",
      },
    ],
  },
];
