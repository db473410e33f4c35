import { ConfigError } from "../config/ConfigError.js";
import { DEFAULT_STORE_URL, type StoreOptions } from "../store/index.js";

/**
 * The store settings of the command-line tools, from the same variables the
 * bot reads: STORE_URL (default sqlite:data/cited.db), STORE_SALT,
 * RETENTION_DAYS. An empty variable means "not set".
 */
export function storeOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): Pick<StoreOptions, "url" | "salt" | "retentionDays"> {
  const retention = env.RETENTION_DAYS?.trim();
  if (retention && !/^[1-9]\d*$/.test(retention)) throw new ConfigError("RETENTION_DAYS", "RETENTION_DAYS must be a whole number of days, at least 1.");
  return {
    url: env.STORE_URL?.trim() || DEFAULT_STORE_URL,
    ...(env.STORE_SALT ? { salt: env.STORE_SALT } : {}),
    ...(retention ? { retentionDays: Number(retention) } : {}),
  };
}
