import type { SessionGrant, Sessions } from "../../store/index.js";

/**
 * The `/admin` command's link maker (PipelineDeps.loginLinks): a one-time
 * login link to the moderators' page under `publicUrl` (PUBLIC_URL, see
 * config's publicUrlOf), bound to the moderator and their community.
 */
export function loginLinks(sessions: Sessions, publicUrl: string): (grant: SessionGrant) => Promise<{ url: string; expiresAt: Date }> {
  const base = publicUrl.replace(/\/+$/, "");
  return async (grant) => {
    const { token, expiresAt } = await sessions.createLink(grant);
    return { url: `${base}/admin/login?token=${token}`, expiresAt };
  };
}
