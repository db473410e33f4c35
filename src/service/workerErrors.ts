import { CorpusError } from "../corpus/CorpusError.js";

/** An error as it crosses from the worker: plain data. */
export interface WireError {
  readonly name: string;
  readonly message: string;
  readonly identifier?: string;
  readonly path?: string;
}

export function toWire(error: unknown): WireError {
  if (!(error instanceof Error)) return { name: "Error", message: String(error) };
  const { identifier, path } = error as { identifier?: string; path?: string };
  return { name: error.name, message: error.message, ...(identifier ? { identifier } : {}), ...(path ? { path } : {}) };
}

/** The error again, as the class the rest of the bot matches on (a CorpusError stays one). */
export function fromWire(wire: WireError): Error {
  if (wire.name === "CorpusError" && wire.identifier && wire.path !== undefined) {
    return new CorpusError(wire.identifier as CorpusError["identifier"], wire.message, wire.path);
  }
  const error = new Error(wire.message);
  error.name = wire.name;
  return error;
}
