import type { Request } from "./types.js";

/** The store key of a delivery, or undefined for requests that are never redelivered (the console). */
export function claimKey(request: Request): string | undefined {
  return request.deliveryId === undefined ? undefined : `${request.platform}:${request.deliveryId}`;
}
