// Zod compiles object schemas with `new Function` unless told not to. Baton's strict CSP forbids eval, so the
// probe alone would raise a CSP violation in the browser: run zod without it. Imported first by main.tsx.
import { config } from "zod";

config({ jitless: true });
