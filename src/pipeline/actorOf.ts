import type { Actor } from "../usecases/types.js";
import type { Request } from "./types.js";

/**
 * The use cases' view of who sent a request. Asks the platform whether they
 * moderate here, unless the caller already knows (`moderator`), since asking
 * may cost a call to the platform.
 */
export async function actorOf(request: Request, moderator?: boolean): Promise<Actor> {
  return {
    platform: request.platform,
    userId: request.user.id,
    displayName: request.user.displayName,
    community: request.community,
    isModerator: moderator ?? (await request.isModerator()),
  };
}
