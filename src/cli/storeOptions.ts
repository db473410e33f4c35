import type { Config } from "../config/readConfig.js";
import type { StoreOptions } from "../store/index.js";

/**
 * The store settings of a configuration, the same for the bot and every
 * command-line tool, so the report reads the database the bot writes
 * (`DATA_DIR/cited.db` unless STORE_URL says otherwise) with the same salt
 * (`DATA_DIR/salt` for SQLite, unless STORE_SALT is set).
 */
export function storeOptions(config: Config): Pick<StoreOptions, "url" | "dataDir" | "salt" | "retentionDays"> {
  return {
    url: config.store.url,
    dataDir: config.dataDir,
    retentionDays: config.store.retentionDays,
    ...(config.store.salt ? { salt: config.store.salt } : {}),
  };
}
