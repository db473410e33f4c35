import cookie from "@fastify/cookie";
import formbody from "@fastify/formbody";
import helmet from "@fastify/helmet";
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import type { Logger } from "../../logger.js";
import type { Sessions, WebSession } from "../../store/index.js";
import { done, OPERATOR_COMMUNITY, refuse, type Actor, type Outcome } from "../../usecases/types.js";
import type { AdminActions, AutoAnswerView } from "./adminActions.js";
import { type SafeHtml } from "./html.js";
import { page, plainPage, type PagePath } from "./layout.js";
import { autoAnswerPage } from "./pages/autoAnswer.js";
import { corpusPage } from "./pages/corpus.js";
import { gapsPage } from "./pages/gaps.js";
import { suggestionsPage } from "./pages/suggestions.js";
import { overviewPage } from "./pages/overview.js";
import { pinsPage } from "./pages/pins.js";
import { sourcesPage } from "./pages/sources.js";
import { taughtPage } from "./pages/taught.js";
import { refusalPage, type AdminRefusalReason } from "./refusals.js";
import { actorOf, communityLabel, csrfMatches, isSecretForm, SESSION_COOKIE } from "./session.js";
import { ADMIN_CSS } from "./styles.js";

export interface AdminOptions {
  /**
   * Days the overview and the gaps cover.
   * @default 30: the report's default window, a month of questions
   */
  readonly days?: number;
  /**
   * Largest form body taken, in bytes.
   * @default 65536: a taught answer is at most 2000 characters; nothing on these pages needs more
   */
  readonly bodyLimit?: number;
}

export const ADMIN_DEFAULTS = { days: 30, bodyLimit: 64 * 1024 } satisfies Required<AdminOptions>;

/** What the moderators' page needs; main builds it (see webDeps.ts), tests give their own clock. */
export interface AdminDeps {
  /** The store's logins (`store.sessions`); absent, every page says the database is unavailable. */
  readonly sessions: Sessions | undefined;
  /** The use cases the pages call. */
  readonly actions: AdminActions;
  /** PUBLIC_URL: an https one makes the cookie Secure. */
  readonly publicUrl: string;
  readonly metrics?: { adminRefused(reason: string): void };
  readonly logger?: Logger;
  /** For tests (expired links): the time now. */
  readonly now?: () => Date;
  readonly options?: AdminOptions;
}

/** Confirmations after an action, by the `done` query; fixed text, so nothing from a request is echoed. */
const FLASHES = {
  taught: "Taught. The bot answers that question with it from now on.",
  edited: "Saved.",
  removed: "Removed.",
  unpinned: "Pin removed.",
  reloaded: "The documents were reloaded.",
  switchedOn: "Auto-answer switched on in that channel.",
  switchedOff: "Auto-answer switched off in that channel.",
  suggestionTaught: "Taught, cited as its author's answer. The bot answers that question with it from now on.",
  suggestionIgnored: "Ignored.",
  fetched: "Fetched. When the source's documents changed, the bot reloaded them.",
  fetchFailed: "The fetch failed; the bot keeps the copy it had. The error is in the table.",
} as const;

type Flash = keyof typeof FLASHES;

/** What a refused use case says on the page, by its identifier; others are named as they are. */
const ACTION_REFUSALS: Readonly<Record<string, string>> = {
  "moderators-only": "Only moderators may do that.",
  "store-unavailable": "The bot cannot reach its database right now; nothing was changed.",
  "teach-usage": "Both the question and the answer are needed.",
  "teach-too-long": "That is too long for a taught answer; shorten it and try again.",
  "untaught-unknown": "There is no such taught answer in your community.",
  "suggestion-unknown": "There is no such suggested answer in your community.",
  "suggestion-decided": "That suggested answer was already taught or ignored.",
  "source-unknown": "The bot has no web source with that address (sources.yaml may have changed).",
  "fetch-unavailable": "This bot fetches no web sources.",
  "not-found": "There is no such item in your community.",
  "reload-unavailable": "This bot cannot reload its documents.",
  "reload-failed": "The reload failed; the bot still answers from the documents it had.",
  "auto-unavailable": "Auto-answer is not set up on this bot.",
  "auto-community": "Name the community: discord:<server id> or telegram:<group id>.",
  "auto-channel": "The channel id is a number (a Discord channel's id, or the Telegram group's id).",
  "auto-threshold": "The threshold is a number from 0 to 1, or empty for the bot's default.",
  starting: "The bot is still starting (building its index); try again in a moment.",
};

interface Query {
  token?: string;
  community?: string;
  done?: string;
}

type Form = Record<string, string | undefined>;

/**
 * The moderators' web page as a Fastify plugin: /admin/login (a one-time
 * link from the chat opens a session), the pages under /admin, and
 * /admin/style.css. Server-rendered forms that work without JavaScript;
 * a strict Content-Security-Policy, X-Frame-Options DENY and no referrer;
 * every POST checked against the session's CSRF token. Every action is a
 * use case called with the session's moderator and community.
 *
 * @example app.register(adminPlugin(deps))
 */
export function adminPlugin(deps: AdminDeps): FastifyPluginAsync {
  const settings = { ...ADMIN_DEFAULTS, ...deps.options };
  const now = deps.now ?? (() => new Date());
  const secure = new URL(deps.publicUrl).protocol === "https:";
  const sessionOf = new WeakMap<FastifyRequest, WebSession>();

  const turnAway = (reply: FastifyReply, reason: AdminRefusalReason) => {
    deps.metrics?.adminRefused(reason);
    const { status, body } = refusalPage(reason);
    return reply.code(status).type("text/html; charset=utf-8").send(body);
  };

  return async (app) => {
    await app.register(cookie);
    await app.register(formbody, { bodyLimit: settings.bodyLimit });
    await app.register(helmet, {
      // No inline script or style anywhere: one style sheet from this origin, forms posting here, no framing.
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'none'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          baseUri: ["'none'"],
        },
      },
      frameguard: { action: "deny" },
      referrerPolicy: { policy: "no-referrer" },
      // HSTS only makes sense (and only takes) over https.
      hsts: secure,
    });
    // Pages hold a moderator's data and a CSRF token: never kept by a browser's or a proxy's cache.
    app.addHook("onSend", async (_request, reply) => {
      reply.header("cache-control", "no-store");
    });
    app.setErrorHandler(async (error: { statusCode?: number; message?: string }, _request, reply) => {
      const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
      if (status === 500) deps.logger?.error({ err: error }, "moderators' page failed");
      return reply
        .code(status)
        .type("text/html; charset=utf-8")
        .send(
          plainPage(
            status === 500 ? "Something went wrong" : "Request refused",
            status === 500 ? "The page failed; try again in a moment." : "The request was not understood.",
          ),
        );
    });

    app.get("/admin/style.css", async (_request, reply) => reply.type("text/css; charset=utf-8").send(ADMIN_CSS));

    // The token is in the URL: this route logs nothing below warnings, so it never reaches a log.
    app.get<{ Querystring: Query }>("/admin/login", { logLevel: "warn" }, async (request, reply) => {
      const { sessions } = deps;
      if (!sessions) return turnAway(reply, "store-unavailable");
      const { token } = request.query;
      if (!isSecretForm(token)) return turnAway(reply, "link-forged");
      const redeemed = await sessions.redeemLink(token, now());
      if (!redeemed.ok) return turnAway(reply, redeemed.reason === "unknown" ? "link-forged" : redeemed.reason === "used" ? "link-used" : "link-expired");
      const { id, session } = await sessions.createSession(redeemed.grant, now());
      reply.setCookie(SESSION_COOKIE, id, {
        httpOnly: true,
        sameSite: "strict",
        secure,
        path: "/admin",
        maxAge: Math.max(1, Math.round((session.expiresAt.getTime() - now().getTime()) / 1000)),
      });
      // A page of ours, not a redirect: a Strict cookie is not sent on a redirect that began in the chat's site.
      return reply
        .type("text/html; charset=utf-8")
        .send(plainPage("Logged in", `Welcome, ${session.displayName}.`, { href: "/admin", text: "Open the moderators' page" }, "/admin"));
    });

    /** The session of the cookie, or a refusal already sent. */
    const requireSession = async (request: FastifyRequest<{ Querystring: Query }>, reply: FastifyReply) => {
      const { sessions } = deps;
      if (!sessions) return turnAway(reply, "store-unavailable");
      const id = request.cookies[SESSION_COOKIE];
      const session = isSecretForm(id) ? await sessions.findSession(id, now()) : undefined;
      if (!session) return turnAway(reply, "no-session");
      if (request.method === "POST" && !csrfMatches(session, (request.body as Form | undefined)?._csrf)) return turnAway(reply, "csrf");
      if (!actorOf(session, request.query.community)) return turnAway(reply, "other-community");
      sessionOf.set(request, session);
      return undefined;
    };

    await app.register(async (pages) => {
      pages.addHook("preHandler", requireSession);

      /** Renders a page from a use case's outcome, or the refusal it gave. */
      const show = async <T>(
        request: FastifyRequest<{ Querystring: Query }>,
        reply: FastifyReply,
        path: PagePath,
        load: (actor: Actor) => Promise<Outcome<T>>,
        render: (value: T, session: WebSession) => SafeHtml,
      ) => {
        const session = sessionOf.get(request) as WebSession;
        const actor = actorOf(session, request.query.community) as Actor;
        const outcome = await load(actor);
        if (!outcome.ok) return actionRefused(reply, outcome.refusal.identifier);
        const confirmed = request.query.done as Flash | undefined;
        const flash = confirmed !== undefined && Object.hasOwn(FLASHES, confirmed) ? FLASHES[confirmed] : undefined;
        const frame = { displayName: session.displayName, communityLabel: communityLabel(actor), csrfToken: session.csrfToken, ...(flash ? { flash } : {}) };
        return reply.type("text/html; charset=utf-8").send(page(frame, path, render(outcome.value, session)));
      };

      /** Runs an action from a form, then shows `back` with its confirmation (303: a reload does not post again). */
      const act = async <T>(
        request: FastifyRequest<{ Querystring: Query }>,
        reply: FastifyReply,
        run: (actor: Actor, form: Form) => Promise<Outcome<T>>,
        back: PagePath,
        confirmation: Flash | ((value: T) => Flash),
      ) => {
        const session = sessionOf.get(request) as WebSession;
        const actor = actorOf(session, request.query.community) as Actor;
        const outcome = await run(actor, (request.body ?? {}) as Form);
        if (!outcome.ok) return actionRefused(reply, outcome.refusal.identifier);
        const flash = typeof confirmation === "function" ? confirmation(outcome.value) : confirmation;
        return reply.redirect(`${back}?done=${flash}`, 303);
      };

      const { actions } = deps;
      const days = settings.days;
      const text = (form: Form, name: string) => (typeof form[name] === "string" ? form[name] : "");
      const idOf = (request: FastifyRequest) => Number((request.params as { id?: string }).id);

      pages.get<{ Querystring: Query }>("/admin", (request, reply) =>
        show(
          request,
          reply,
          "/admin",
          (actor) => actions.overview(actor, { days }),
          (report) => overviewPage(report, days),
        ),
      );
      pages.get<{ Querystring: Query }>("/admin/gaps", (request, reply) =>
        show(
          request,
          reply,
          "/admin/gaps",
          (actor) => actions.knowledgeGaps(actor, { days }),
          (found, session) => gapsPage(found, session.csrfToken),
        ),
      );
      pages.get<{ Querystring: Query }>("/admin/suggestions", (request, reply) =>
        show(
          request,
          reply,
          "/admin/suggestions",
          (actor) => actions.listSuggestions(actor),
          (suggestions, session) => suggestionsPage(suggestions, session.csrfToken),
        ),
      );
      pages.get<{ Querystring: Query }>("/admin/taught", (request, reply) =>
        show(
          request,
          reply,
          "/admin/taught",
          (actor) => actions.listTaught(actor),
          (entries, session) => taughtPage(entries, session.csrfToken),
        ),
      );
      pages.get<{ Querystring: Query }>("/admin/pins", (request, reply) =>
        show(
          request,
          reply,
          "/admin/pins",
          (actor) => actions.listPins(actor),
          (pins, session) => pinsPage(pins, session.csrfToken),
        ),
      );
      pages.get<{ Querystring: Query }>("/admin/sources", (request, reply) =>
        show(
          request,
          reply,
          "/admin/sources",
          (actor) => actions.listSources(actor),
          (sources, session) => sourcesPage(sources.documents, sources.web, session.csrfToken),
        ),
      );
      pages.get<{ Querystring: Query }>("/admin/auto", (request, reply) =>
        show(
          request,
          reply,
          "/admin/auto",
          async (actor): Promise<Outcome<readonly AutoAnswerView[] | undefined>> => (actions.autoAnswer ? actions.autoAnswer(actor) : done(undefined)),
          (channels, session) => autoAnswerPage(channels, session.csrfToken, session.communityKey === OPERATOR_COMMUNITY.key),
        ),
      );
      pages.get<{ Querystring: Query }>("/admin/corpus", (request, reply) =>
        show(
          request,
          reply,
          "/admin/corpus",
          (actor) => actions.corpus(actor),
          (corpus, session) => corpusPage(corpus, session.csrfToken),
        ),
      );

      pages.post<{ Querystring: Query }>("/admin/teach", (request, reply) =>
        act(
          request,
          reply,
          (actor, form) => actions.teach(actor, { question: text(form, "question"), answer: text(form, "answer") }),
          "/admin/taught",
          "taught",
        ),
      );
      pages.post<{ Querystring: Query }>("/admin/taught/:id/edit", (request, reply) =>
        act(
          request,
          reply,
          (actor, form) => actions.editTaught(actor, { id: idOf(request), question: text(form, "question"), answer: text(form, "answer") }),
          "/admin/taught",
          "edited",
        ),
      );
      pages.post<{ Querystring: Query }>("/admin/suggestions/:id/teach", (request, reply) =>
        act(request, reply, (actor) => actions.decideSuggestion(actor, { id: idOf(request), decision: "teach" }), "/admin/suggestions", "suggestionTaught"),
      );
      pages.post<{ Querystring: Query }>("/admin/suggestions/:id/ignore", (request, reply) =>
        act(request, reply, (actor) => actions.decideSuggestion(actor, { id: idOf(request), decision: "ignore" }), "/admin/suggestions", "suggestionIgnored"),
      );
      pages.post<{ Querystring: Query }>("/admin/taught/:id/remove", (request, reply) =>
        act(request, reply, (actor) => actions.removeTaught(actor, { id: idOf(request) }), "/admin/taught", "removed"),
      );
      pages.post<{ Querystring: Query }>("/admin/pins/remove", (request, reply) =>
        act(request, reply, (actor, form) => actions.unpin(actor, { questionKey: text(form, "questionKey") }), "/admin/pins", "unpinned"),
      );
      pages.post<{ Querystring: Query }>("/admin/auto/on", (request, reply) =>
        act(
          request,
          reply,
          (actor, form) => {
            if (!actions.enableAutoAnswer) return Promise.resolve(refuse({ identifier: "auto-unavailable" }));
            const threshold = text(form, "threshold").trim();
            return actions.enableAutoAnswer(actor, {
              channelId: text(form, "channelId"),
              ...(text(form, "communityKey") ? { communityKey: text(form, "communityKey") } : {}),
              ...(threshold === "" ? {} : { threshold: Number(threshold) }),
            });
          },
          "/admin/auto",
          "switchedOn",
        ),
      );
      pages.post<{ Querystring: Query }>("/admin/auto/off", (request, reply) =>
        act(
          request,
          reply,
          (actor, form) =>
            actions.disableAutoAnswer
              ? actions.disableAutoAnswer(actor, { communityKey: text(form, "communityKey"), channelId: text(form, "channelId") })
              : Promise.resolve(refuse({ identifier: "auto-unavailable" })),
          "/admin/auto",
          "switchedOff",
        ),
      );
      pages.post<{ Querystring: Query }>("/admin/sources/fetch", (request, reply) =>
        act(
          request,
          reply,
          (actor, form) => actions.fetchSourceNow(actor, { url: text(form, "url") }),
          "/admin/sources",
          (fetched) => (fetched.failed ? "fetchFailed" : "fetched"),
        ),
      );
      pages.post<{ Querystring: Query }>("/admin/corpus/reload", (request, reply) =>
        act(request, reply, (actor) => actions.reloadCorpus(actor), "/admin/corpus", "reloaded"),
      );
      pages.post<{ Querystring: Query }>("/admin/logout", async (request, reply) => {
        const id = request.cookies[SESSION_COOKIE];
        if (deps.sessions && isSecretForm(id)) await deps.sessions.endSession(id);
        reply.clearCookie(SESSION_COOKIE, { path: "/admin", httpOnly: true, sameSite: "strict", secure });
        return reply
          .type("text/html; charset=utf-8")
          .send(plainPage("Logged out", "Your session has ended. Ask the bot for a new link with /admin to come back."));
      });
    });
  };
}

/** Statuses of refusals that are not the request's fault (or are the actor's): the rest are 400, or 404 for what is not there. */
const REFUSAL_STATUS: Readonly<Record<string, number>> = {
  "moderators-only": 403,
  "store-unavailable": 503,
  starting: 503,
  "suggestion-decided": 409,
};

/** A use case said no: a plain page naming why, and a way back. */
function actionRefused(reply: FastifyReply, identifier: string) {
  const status = REFUSAL_STATUS[identifier] ?? (identifier.endsWith("unknown") || identifier.startsWith("not-found") ? 404 : 400);
  return reply
    .code(status)
    .type("text/html; charset=utf-8")
    .send(plainPage("Not done", ACTION_REFUSALS[identifier] ?? `The bot refused: ${identifier}.`, { href: "/admin", text: "Back to the overview" }));
}
