import type { Store } from "../../store/index.js";

/** Where long polling keeps fetched updates until they are answered: the store. */
export type UpdateInbox = Pick<Store["deliveries"], "keepInbox" | "inbox" | "dropInbox" | "pruneInbox">;

/** No inbox: updates are confirmed to Telegram as they are fetched, so a process killed mid-burst loses what it held. */
export const NO_INBOX: UpdateInbox = {
  keepInbox: async () => undefined,
  inbox: async () => [],
  dropInbox: async () => undefined,
  pruneInbox: async () => 0,
};
