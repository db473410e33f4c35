import type { Timeline, TimelineEntry, WhatsNew } from "../answer/types.js";
import { displayDate } from "./wording.js";

/**
 * The words around the dated views (/timeline, /whatsnew), in plain text
 * for every platform; each renderer escapes them for its markup.
 */

export function timelineTitle(timeline: Timeline): string {
  return `Timeline: ${timeline.topic}`;
}

export function emptyTimelineText(timeline: Timeline): string {
  return `Nothing in the sources speaks of “${timeline.topic}”. Try other words, or /sources to see what they cover.`;
}

export function whatsNewTitle(whatsNew: WhatsNew): string {
  return `What's new, last ${whatsNew.days} day(s)`;
}

export function emptyWhatsNewText(whatsNew: WhatsNew): string {
  return `No document dated since ${displayDate(whatsNew.since)}: nothing was added or changed in the last ${whatsNew.days} day(s).`;
}

/** An entry's date as people write it; an undated document says so rather than being placed in time. */
export function entryDate(entry: TimelineEntry): string {
  return entry.date ? displayDate(entry.date) : "undated";
}
