import { plainPage } from "./layout.js";

/** Why the page refused a request: each is counted (`cited_admin_refused_total{reason}`). */
export type AdminRefusalReason = "link-forged" | "link-expired" | "link-used" | "no-session" | "csrf" | "other-community" | "store-unavailable";

const REFUSALS = {
  "link-forged": { status: 403, title: "This link is not valid", message: "The login link is not one the bot gave. Ask the bot for a new one with /admin." },
  "link-expired": { status: 403, title: "This link has expired", message: "Login links work for 10 minutes. Ask the bot for a new one with /admin." },
  "link-used": { status: 403, title: "This link was already used", message: "A login link opens one session only. Ask the bot for a new one with /admin." },
  "no-session": {
    status: 401,
    title: "Please log in",
    message: "You are not logged in, or your session ended. Ask the bot for a login link with /admin in your chat.",
  },
  csrf: { status: 403, title: "Form refused", message: "This form did not carry its security token. Go back, reload the page and try again." },
  "other-community": { status: 403, title: "Not your community", message: "You moderate another community; this page belongs to one you cannot see." },
  "store-unavailable": { status: 503, title: "Try again soon", message: "The bot cannot reach its database right now. Try again in a moment." },
} as const satisfies Record<AdminRefusalReason, { status: number; title: string; message: string }>;

/** The plain page and status of a refusal. */
export function refusalPage(reason: AdminRefusalReason): { status: number; body: string } {
  const refusal = REFUSALS[reason];
  return { status: refusal.status, body: plainPage(refusal.title, refusal.message) };
}
