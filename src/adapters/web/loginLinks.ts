import type { SessionGrant, Sessions } from "../../store/index.js";

/**
 * The `/admin` command's link maker (PipelineDeps.loginLinks): a one-time
 * login link to the moderators' page under `publicUrl` (PUBLIC_URL, see
 * config's publicUrlOf), bound to the moderator and their community.
 */
export function loginLinks(sessions: Sessions, publicUrl: string | (() => string)): (grant: SessionGrant) => Promise<{ url: string; expiresAt: Date }> {
  return async (grant) => {
    // Read at each link: the default base names the port, known only once the server listens.
    const base = (typeof publicUrl === "function" ? publicUrl() : publicUrl).replace(/\/+$/, "");
    const { token, expiresAt } = await sessions.createLink(grant);
    return { url: `${base}/admin/login?token=${token}`, expiresAt };
  };
}
