import type { FastifyPluginAsync } from "fastify";
import type { Logger } from "../../logger.js";
import type { ServiceSource } from "../../pipeline/ports.js";
import type { WebSourceStatus } from "../../pipeline/types.js";
import type { SessionGrant, Store } from "../../store/index.js";
import type { FetchWebSource } from "../../usecases/ports.js";
import { refuse } from "../../usecases/types.js";
import type { AdminActions } from "./adminActions.js";
import { adminPlugin, type AdminOptions } from "./adminPlugin.js";
import { loginLinks } from "./loginLinks.js";
import { useCaseActions } from "./useCaseActions.js";

export interface WebAdminDeps {
  readonly store: Store;
  /**
   * PUBLIC_URL, or its default on the port the server listens on (config's
   * publicUrlOf); a function when that port is known only once it listens.
   * It must answer at once: the cookie's Secure flag is read from its scheme.
   */
  readonly publicUrl: string | (() => string);
  readonly metrics?: { adminRefused(reason: string): void };
  readonly logger?: Logger;
  readonly options?: AdminOptions;
}

/** What the pages act with once the bot has its answer service. */
export interface WebAdminServing {
  readonly services: ServiceSource;
  readonly webSources?: () => Promise<readonly WebSourceStatus[]>;
  /** Fetches one web source now (the Sources page's "Fetch now"); absent without web sources. */
  readonly fetchSource?: FetchWebSource;
  /** The actions; by default the use cases (useCaseActions). */
  readonly actions?: AdminActions;
}

export interface WebAdmin {
  /** Register before the server listens (Fastify takes no routes after): `http.register(admin.plugin)`. */
  readonly plugin: FastifyPluginAsync;
  /** For the pipeline (`PipelineDeps.loginLinks`); undefined when the store keeps no sessions. */
  readonly loginLinks: ((grant: SessionGrant) => Promise<{ url: string; expiresAt: Date }>) | undefined;
  /** Gives the pages their actions once the answer service is built; until then they say the bot is starting. */
  serve(serving: WebAdminServing): void;
}

/**
 * Everything main needs for the moderators' page: the plugin, registered on
 * the HTTP server before it listens (while the index still builds), the link
 * maker for the `/admin` command, and `serve` once the service is there.
 *
 * @example
 * const admin = webAdmin({ store, publicUrl: () => publicUrlOf(config, http.port), metrics, logger });
 * http.register(admin.plugin);
 * await http.listen();
 * // … the service holder is built …
 * admin.serve({ services, webSources });
 * createPipeline({ ..., loginLinks: admin.loginLinks });
 */
export function webAdmin(deps: WebAdminDeps): WebAdmin {
  const { sessions } = deps.store;
  let actions: AdminActions | undefined;
  // Each page's action, or a refusal while the bot is still starting.
  const late = new Proxy({} as AdminActions, {
    get(_target, name: keyof AdminActions) {
      if (actions) return actions[name];
      return () => Promise.resolve(refuse({ identifier: "starting" }));
    },
  });
  return {
    plugin: adminPlugin({
      sessions,
      actions: late,
      publicUrl: typeof deps.publicUrl === "function" ? deps.publicUrl() : deps.publicUrl,
      ...(deps.metrics ? { metrics: deps.metrics } : {}),
      ...(deps.logger ? { logger: deps.logger } : {}),
      ...(deps.options ? { options: deps.options } : {}),
    }),
    loginLinks: sessions ? loginLinks(sessions, deps.publicUrl) : undefined,
    serve(serving) {
      actions =
        serving.actions ??
        useCaseActions({
          store: deps.store,
          services: serving.services,
          ...(serving.webSources ? { webSources: serving.webSources } : {}),
          ...(serving.fetchSource ? { fetchSource: serving.fetchSource } : {}),
        });
    },
  };
}
