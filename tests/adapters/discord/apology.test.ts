import { InteractionResponseType, InteractionType, MessageFlags } from "discord.js";
import { describe, expect, it } from "vitest";
import { discordApology } from "../../../src/adapters/discord/apology.js";
import { noticeText } from "../../../src/render/wording.js";

describe("discordApology", () => {
  it("apologises privately in the words of the `failed` notice, and offers no suggestions to autocompletion", () => {
    const words = noticeText({ identifier: "failed", context: {} }, (command) => `/${command.name}`);
    expect(discordApology({ type: InteractionType.ApplicationCommand })).toEqual({
      type: InteractionResponseType.ChannelMessageWithSource,
      data: { content: words, flags: MessageFlags.Ephemeral, allowed_mentions: { parse: [] } },
    });
    expect(discordApology({ type: InteractionType.ApplicationCommandAutocomplete })).toEqual({
      type: InteractionResponseType.ApplicationCommandAutocompleteResult,
      data: { choices: [] },
    });
  });
});
