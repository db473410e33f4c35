import { setTimeout as delay } from "node:timers/promises";
import {
  InteractionResponseType,
  InteractionType,
  MessageFlags,
  Routes,
  type APIInteraction,
  type APIInteractionResponse,
  type APIInteractionResponseCallbackData,
  REST,
} from "discord.js";
import type { Logger } from "../../logger.js";
import type { InteractionAnswer } from "./answerInteraction.js";
import { TEACH_MENU_NAME } from "./buildCommandPayloads.js";

export interface AcknowledgeOptions {
  /**
   * How long after its arrival an interaction may wait for its reply before
   * it is deferred: a reply ready by then is the first response itself.
   * @default 250 ms: the reply's callback then still has two retries after a
   * 1-second 429 inside Discord's 3-second window
   */
  readonly answerWithinMs?: number;
  /**
   * Follow-up webhook calls tried per message, within the interaction
   * token's 15 minutes (each also retried by discord.js on 429 and 5xx).
   * @default 4
   */
  readonly followUpAttempts?: number;
  /**
   * Wait before trying a follow-up again, after its `attempt`-th failure.
   * @default 1 s, 2 s, 4 s …: a Discord outage of a few seconds is ridden out
   */
  readonly followUpBackoff?: (attempt: number) => number;
  /**
   * Whether an interaction not known to be answered quickly is deferred
   * before any work on its reply.
   * @default true; HTTP interactions mode turns it off, since there the same
   * interaction may reach two replicas and only the one that wins its claim
   * may answer 2xx: the reply (or the deferral after `answerWithinMs`)
   * comes after the claim
   */
  readonly deferBeforeWork?: boolean;
}

export const ACKNOWLEDGE_DEFAULTS = {
  answerWithinMs: 250,
  followUpAttempts: 4,
  followUpBackoff: (attempt: number) => 1000 * 2 ** (attempt - 1),
  deferBeforeWork: true,
} satisfies Required<AcknowledgeOptions>;

/** How long Discord accepts follow-ups with an interaction's token. */
const FOLLOW_UP_WINDOW_MS = 15 * 60_000;

/** How an interaction's first response goes out: a callback over REST (gateway) or the HTTP response. */
export interface InteractionResponder {
  /** Sends the first response; rejects when it did not reach Discord (in time). */
  initial(response: APIInteractionResponse): Promise<void>;
  /**
   * Sends follow-up webhook calls, which carry the interaction's token (never
   * the bot's); see {@link followUpRest}.
   */
  readonly rest: Pick<REST, "post" | "patch" | "delete">;
}

/**
 * A REST client for follow-up webhooks at `apiRoot`: interaction webhooks
 * are not bound by the bot's global rate limit (50 requests a second), which
 * discord.js would otherwise apply to them on its side too, holding a
 * burst's replies back for seconds; per-route limits still apply.
 */
export function followUpRest(apiRoot?: string): REST {
  return new REST({ ...(apiRoot ? { api: apiRoot } : {}), globalRequestsPerSecond: 10_000 });
}

/** What became of one interaction: answered in its first response, deferred and followed up, nothing to send, or not acknowledged. */
export type AcknowledgeOutcome = "answered" | "deferred" | "none" | "failed";

/**
 * The deferral an interaction may get instead of its reply: "thinking…"
 * (type 5) for commands and forms, a silent acknowledgement (type 6) for
 * buttons; none for autocomplete (answered only with choices) or the teach
 * menu (its reply may be a form, which cannot follow a deferral).
 */
export function deferralFor(interaction: APIInteraction): APIInteractionResponse | undefined {
  switch (interaction.type) {
    case InteractionType.ApplicationCommand:
      return interaction.data.name === TEACH_MENU_NAME ? undefined : { type: InteractionResponseType.DeferredChannelMessageWithSource };
    case InteractionType.ModalSubmit:
      return { type: InteractionResponseType.DeferredChannelMessageWithSource };
    case InteractionType.MessageComponent:
      return { type: InteractionResponseType.DeferredMessageUpdate };
    default:
      return undefined;
  }
}

/** How many recent answers say whether answers are quick now. */
const RECENT_ANSWERS = 16;

/**
 * Acknowledges interactions first and answers each within its window. An
 * interaction is deferred at once, before any work on its reply (so no
 * busy CPU can hold the deferral back), unless answers are quick now (the
 * last few were all ready within `answerWithinMs`) and the caller has a
 * place for it; then its reply is the first response if it is ready within
 * `answerWithinMs`, else it is deferred then. A deferred reply goes through
 * the follow-up webhook, with its own retries, once ready.
 */
export class Acknowledger {
  private readonly settings: Required<AcknowledgeOptions>;
  private readonly recent: number[] = [];
  /** Deferrals sent and not yet landed (or failed). */
  private readonly deferring = new Set<Promise<boolean>>();

  constructor(
    private readonly logger: Logger,
    options: AcknowledgeOptions = {},
  ) {
    this.settings = { ...ACKNOWLEDGE_DEFAULTS, ...options };
  }

  /** Whether recent answers were all ready within `answerWithinMs` (none yet: not known to be). */
  get quick(): boolean {
    return this.recent.length > 0 && Math.max(...this.recent) < this.settings.answerWithinMs;
  }

  /**
   * Answers one interaction: `answer` makes its response (started here, so
   * a deferral can go first); `busy` says it would wait for a place. Never throws.
   */
  async acknowledge(
    interaction: APIInteraction,
    answer: () => Promise<InteractionAnswer>,
    responder: InteractionResponder,
    busy = false,
  ): Promise<AcknowledgeOutcome> {
    const arrived = Date.now();
    const deferral = deferralFor(interaction);
    const timed = () => {
      const started = performance.now();
      return answer().then((answered) => {
        this.recent.push(performance.now() - started);
        if (this.recent.length > RECENT_ANSWERS) this.recent.shift();
        return answered;
      });
    };
    if (!deferral) {
      const { response } = await timed();
      return response ? this.initial(interaction, response, responder, "answered") : "none";
    }
    let ready: Promise<InteractionAnswer>;
    let acknowledged: Promise<boolean>;
    if (this.settings.deferBeforeWork && (busy || !this.quick)) {
      const sending = this.send(interaction, deferral, responder);
      acknowledged = sending;
      this.deferring.add(sending);
      void sending.finally(() => this.deferring.delete(sending));
      // The reply's work starts once this deferral and those sent before it
      // have landed (or failed): work that holds the CPU, such as a burst's
      // answers or the first answers after a start, must not hold them back.
      await Promise.allSettled([...this.deferring]);
      ready = timed();
    } else {
      ready = timed();
      const early = await Promise.race([ready, delay(this.settings.answerWithinMs).then(() => undefined)]);
      if (early) return early.response ? this.initial(interaction, early.response, responder, "answered") : "none";
      acknowledged = this.send(interaction, deferral, responder);
    }
    const [{ response, claimedElsewhere }, sent] = await Promise.all([ready, acknowledged]);
    if (!sent) return "failed";
    // Another replica holds the claim and follows up.
    if (claimedElsewhere) return "deferred";
    if (!response) {
      // Nothing to say (a flood's silence): the "thinking…" message goes.
      if (deferral.type === InteractionResponseType.DeferredChannelMessageWithSource) {
        await withRetries(
          "remove the deferred reply",
          () => responder.rest.delete(Routes.webhookMessage(interaction.application_id, interaction.token, "@original"), { auth: false }),
          interaction.id,
          this.logger,
          this.settings,
          arrived + FOLLOW_UP_WINDOW_MS,
        );
      }
      return "deferred";
    }
    const data = response.type === InteractionResponseType.ChannelMessageWithSource ? response.data : undefined;
    if (!data) {
      this.logger.error({ interaction: interaction.id, type: response.type }, "discord: a deferred interaction's reply cannot be sent as a follow-up");
      return "deferred";
    }
    await followUp(interaction, deferral.type, data, responder.rest, this.logger, this.settings, arrived + FOLLOW_UP_WINDOW_MS);
    return "deferred";
  }

  private async initial(
    interaction: APIInteraction,
    response: APIInteractionResponse,
    responder: InteractionResponder,
    outcome: AcknowledgeOutcome,
  ): Promise<AcknowledgeOutcome> {
    return (await this.send(interaction, response, responder)) ? outcome : "failed";
  }

  private send(interaction: APIInteraction, response: APIInteractionResponse, responder: InteractionResponder): Promise<boolean> {
    return sendInitial(interaction, response, responder, this.logger);
  }
}

async function sendInitial(interaction: APIInteraction, response: APIInteractionResponse, responder: InteractionResponder, logger: Logger): Promise<boolean> {
  try {
    await responder.initial(response);
    return true;
  } catch (error) {
    logger.warn({ err: error, interaction: interaction.id }, "discord: could not answer an interaction");
    return false;
  }
}

/**
 * Delivers a deferred reply: edits the "thinking…" message into it, or, for
 * a reply only its asker may see, replaces that public message with a
 * private follow-up; after a button's silent acknowledgement, a follow-up.
 */
async function followUp(
  interaction: APIInteraction,
  deferredAs: InteractionResponseType,
  data: APIInteractionResponseCallbackData,
  rest: InteractionResponder["rest"],
  logger: Logger,
  settings: Required<AcknowledgeOptions>,
  expiresAt: number,
): Promise<void> {
  const { application_id: app, token } = interaction;
  const ephemeral = ((data.flags ?? 0) & MessageFlags.Ephemeral) !== 0;
  const attempt = (what: string, call: () => Promise<unknown>) => withRetries(what, call, interaction.id, logger, settings, expiresAt);
  if (deferredAs === InteractionResponseType.DeferredMessageUpdate || ephemeral) {
    if (deferredAs === InteractionResponseType.DeferredChannelMessageWithSource) {
      await attempt("remove the deferred reply", () => rest.delete(Routes.webhookMessage(app, token, "@original"), { auth: false }));
    }
    await attempt("send the reply as a follow-up", () => rest.post(Routes.webhook(app, token), { body: data, auth: false }));
    return;
  }
  const { flags: _flags, ...edit } = data;
  await attempt("edit the deferred reply into the answer", () => rest.patch(Routes.webhookMessage(app, token, "@original"), { body: edit, auth: false }));
}

async function withRetries(
  what: string,
  call: () => Promise<unknown>,
  interactionId: string,
  logger: Logger,
  settings: Required<AcknowledgeOptions>,
  expiresAt: number,
): Promise<boolean> {
  for (let attempt = 1; ; attempt++) {
    try {
      await call();
      return true;
    } catch (error) {
      const status = (error as { status?: unknown }).status;
      // A refusal (the message is gone, the token expired) is final; 429s and 5xx are worth another try.
      const final = typeof status === "number" && status >= 400 && status < 500 && status !== 429;
      const wait = settings.followUpBackoff(attempt);
      if (final || attempt >= settings.followUpAttempts || Date.now() + wait >= expiresAt) {
        logger.warn({ err: error, interaction: interactionId, attempts: attempt }, `discord: could not ${what}`);
        return false;
      }
      await delay(wait);
    }
  }
}
