import { StoreWriteError } from "../store/index.js";

/** The write's result, or undefined when the store could not keep it (the moderator is told, not thanked). */
export async function storeOrUndefined<T>(write: () => Promise<T>): Promise<T | undefined> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof StoreWriteError) return undefined;
    throw error;
  }
}
