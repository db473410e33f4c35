import { timingSafeEqual } from "node:crypto";
import { Api, BotError, webhookCallback, type Bot, type Context } from "grammy";
import type { Update } from "grammy/types";
import type { TelegramWebhookConfig } from "../../config/readConfig.js";
import { HttpError } from "../../http/HttpError.js";
import type { HeaderCheck, HttpServer, RouteHandler } from "../../http/HttpServer.js";
import type { CheckResult, ReadinessCheck } from "../../http/readiness.js";
import { DeliveryInProgressError } from "./DeliveryInProgressError.js";

export interface TelegramWebhookOptions {
  /**
   * How long a request waits for its update to be handled before it is
   * answered 200 anyway (the handling goes on).
   * @default 10000 ms: Telegram retries an unanswered delivery, and a retry would only be dropped as a duplicate
   */
  readonly timeoutMs?: number;
}

export const TELEGRAM_WEBHOOK_DEFAULTS = { timeoutMs: 10_000 } satisfies Required<TelegramWebhookOptions>;

const SECRET_HEADER = "x-telegram-bot-api-secret-token";

/**
 * The route Telegram posts updates to in webhook mode. A request without the
 * right `X-Telegram-Bot-Api-Secret-Token` is 401 and read no further;
 * malformed JSON, or JSON that is not an update, is 400; every update is then
 * handed to the bot (grammY's `webhookCallback`), and one the bot has no
 * handler for (a new update type) is acknowledged with 200 and ignored, so
 * Telegram does not redeliver it. An update another replica claimed and has
 * not answered is 503, so Telegram delivers it again later (see
 * {@link DeliveryInProgressError}).
 *
 * Call it before anything could start long polling: grammY then refuses
 * `bot.start()`, as a webhook and polling cannot both run.
 */
export function telegramWebhookRoute<C extends Context>(bot: Bot<C>, secret: string, options: TelegramWebhookOptions = {}): RouteHandler {
  const { timeoutMs } = { ...TELEGRAM_WEBHOOK_DEFAULTS, ...options };
  const authorize = telegramSecretCheck(secret);
  // The "callback" adapter takes the update already parsed, so the body is read (bounded) by the server, once.
  const handle = webhookCallback(bot, "callback", { secretToken: secret, onTimeout: "return", timeoutMilliseconds: timeoutMs });
  return async (request) => {
    authorize((name) => request.header(name));
    const update = request.json();
    if (typeof update !== "object" || update === null || Array.isArray(update) || !Number.isSafeInteger((update as { update_id?: unknown }).update_id)) {
      throw new HttpError(400, "bad-request", "not a Telegram update");
    }
    let reply: string | undefined;
    let refused = false;
    try {
      await handle(
        update as Update,
        (json: string) => {
          reply = json;
        },
        request.header(SECRET_HEADER),
        () => {
          refused = true;
        },
      );
    } catch (error) {
      // grammY leaves a handler's error to the web framework in webhook mode; give it to the
      // bot's error handler, as long polling does (it logs and apologises), and acknowledge:
      // the update is claimed, so a redelivery provoked by a 500 would only be dropped.
      if (!(error instanceof BotError)) throw error;
      // Another replica holds this update and may have died with it: Telegram retries a non-2xx later.
      if (error.error instanceof DeliveryInProgressError) throw new HttpError(503, "in-progress", "being answered by another replica; deliver it again later");
      await bot.errorHandler(error as BotError<C>);
    }
    if (refused) throw new HttpError(401, "unauthorized", "wrong or missing secret token");
    // A webhook reply (a Bot API call in the response body) only when the bot is set up to make them.
    return reply === undefined ? { status: 200 } : { headers: { "content-type": "application/json" }, text: reply };
  };
}

/**
 * The secret header check, in constant time. Given to the server as the
 * route's header check, so a request without the secret is refused before
 * a byte of its body is read: strangers cost no memory.
 */
export function telegramSecretCheck(secret: string): HeaderCheck {
  const expected = Buffer.from(secret, "utf8");
  return (header) => {
    const given = Buffer.from(header(SECRET_HEADER) ?? "", "utf8");
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new HttpError(401, "unauthorized", "wrong or missing secret token");
  };
}

/** Registers {@link telegramWebhookRoute} at `POST <path of TELEGRAM_WEBHOOK_URL>`, checking the secret before the body. */
export function mountTelegramWebhook<C extends Context>(
  server: HttpServer,
  bot: Bot<C>,
  webhook: Pick<TelegramWebhookConfig, "path" | "secret">,
  options: TelegramWebhookOptions = {},
): void {
  server.route("POST", webhook.path, telegramWebhookRoute(bot, webhook.secret, options), { authorize: telegramSecretCheck(webhook.secret) });
}

/**
 * A readiness check for webhook mode: ready when Telegram's `getWebhookInfo`
 * shows our URL (set by `npm run register`). A "ready" answer is kept for
 * `refreshMs`, so probes do not hammer the Bot API; "not ready" is never
 * kept, so a replica joins the load balancer at the first probe after the
 * webhook is registered, not up to `refreshMs` later (the server keeps
 * any answer for a couple of seconds, which bounds the calls while not ready).
 * One call at a time: a probe while one is in flight shares its answer. The
 * call goes through a plain client, without the bot's retries: a readiness
 * answer that waits out a 429 is late and useless, and retries pile up.
 */
export function telegramWebhookCheck<C extends Context>(bot: Bot<C>, url: string, refreshMs = 60_000): ReadinessCheck {
  const api = new Api(bot.api.token, { ...bot.api.options, timeoutSeconds: READINESS_CALL_TIMEOUT_S });
  let readyAt: { at: number; detail: string } | undefined;
  let inFlight: Promise<CheckResult> | undefined;
  const ask = async (): Promise<CheckResult> => {
    try {
      const info = await api.getWebhookInfo();
      if (info.url !== url) return { ready: false, detail: "webhook not set to TELEGRAM_WEBHOOK_URL; run npm run register" };
      const detail = info.last_error_message ? `webhook set; last error: ${info.last_error_message}` : "webhook set";
      readyAt = { at: Date.now(), detail };
      return { ready: true, detail };
    } catch (error) {
      return { ready: false, detail: `getWebhookInfo failed: ${error instanceof Error ? error.message : String(error)}` };
    }
  };
  return () => {
    if (readyAt && Date.now() - readyAt.at < refreshMs) return { ready: true, detail: readyAt.detail };
    readyAt = undefined;
    inFlight ??= ask().finally(() => (inFlight = undefined));
    return inFlight;
  };
}

/** Longest one readiness call to the Bot API may take; a readiness check gives up sooner, but the call is not repeated meanwhile. */
const READINESS_CALL_TIMEOUT_S = 5;
