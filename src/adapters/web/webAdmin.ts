import type { FastifyPluginAsync } from "fastify";
import type { Logger } from "../../logger.js";
import type { ServiceSource } from "../../pipeline/ports.js";
import type { WebSourceStatus } from "../../pipeline/types.js";
import type { SessionGrant, Store } from "../../store/index.js";
import type { AdminActions } from "./adminActions.js";
import { adminPlugin, type AdminOptions } from "./adminPlugin.js";
import { loginLinks } from "./loginLinks.js";
import { storeActions } from "./storeActions.js";

export interface WebAdminDeps {
  readonly store: Store;
  readonly services: ServiceSource;
  readonly webSources?: () => Promise<readonly WebSourceStatus[]>;
  /**
   * PUBLIC_URL, or its default on the port the server listens on (config's
   * publicUrlOf); a function when that port is known only once it listens.
   * Only its scheme decides the cookie's Secure flag, so the default's port may come late.
   */
  readonly publicUrl: string | (() => string);
  readonly metrics?: { adminRefused(reason: string): void };
  readonly logger?: Logger;
  /** The use cases; by default the store-backed stand-in (storeActions). */
  readonly actions?: AdminActions;
  readonly options?: AdminOptions;
}

/**
 * Everything main needs for the moderators' page, from what it already has:
 * the plugin to register on the HTTP server, and the link maker for the
 * pipeline's `/admin` command.
 *
 * @example
 * const admin = webAdmin({ store, services, webSources, publicUrl: publicUrlOf(config, port), metrics, logger });
 * http.register(admin.plugin);
 * createPipeline({ ..., loginLinks: admin.loginLinks });
 */
export function webAdmin(deps: WebAdminDeps): {
  plugin: FastifyPluginAsync;
  loginLinks: ((grant: SessionGrant) => Promise<{ url: string; expiresAt: Date }>) | undefined;
} {
  const { sessions } = deps.store;
  const actions = deps.actions ?? storeActions({ store: deps.store, services: deps.services, ...(deps.webSources ? { webSources: deps.webSources } : {}) });
  return {
    plugin: adminPlugin({
      sessions,
      actions,
      publicUrl: typeof deps.publicUrl === "function" ? deps.publicUrl() : deps.publicUrl,
      ...(deps.metrics ? { metrics: deps.metrics } : {}),
      ...(deps.logger ? { logger: deps.logger } : {}),
      ...(deps.options ? { options: deps.options } : {}),
    }),
    loginLinks: sessions ? loginLinks(sessions, deps.publicUrl) : undefined,
  };
}
