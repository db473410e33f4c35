/**
 * Thrown by the bot's handler in webhook mode for an update another replica
 * claimed and has not answered yet: the webhook route answers 503 so that
 * Telegram delivers it again later, when it has been answered (and is then
 * dropped) or its claim has run out (its replica died; this one answers it).
 */
export class DeliveryInProgressError extends Error {
  override readonly name = "DeliveryInProgressError";
  readonly identifier = "delivery-in-progress";
  constructor(
    readonly updateId: number,
    /** When the other replica's claim runs out. */
    readonly leaseEndsAt: Date,
  ) {
    super(`update ${updateId} is being answered by another replica (its claim runs until ${leaseEndsAt.toISOString()})`);
  }
}
