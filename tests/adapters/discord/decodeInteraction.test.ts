import type { APIInteraction } from "discord.js";
import { beforeAll, describe, expect, it } from "vitest";
import { decodeInteraction } from "../../../src/adapters/discord/decodeInteraction.js";
import { loadCatalog } from "../../../src/commands/loadCatalog.js";
import type { CommandCatalog } from "../../../src/commands/types.js";
import { chatInputInteraction } from "../../fakes/discordInteractions.js";

let catalog: CommandCatalog;
beforeAll(async () => {
  catalog = await loadCatalog("commands");
});

function withRoles(interaction: Record<string, unknown>, roles: string[]): APIInteraction {
  return { ...interaction, member: { ...(interaction.member as object), roles } } as unknown as APIInteraction;
}

describe("decodeInteraction", () => {
  it("makes moderators of Manage Messages and of the roles the operator named, nobody in DMs", async () => {
    const moderatorRole = "555555555555555555";
    const decode = (interaction: APIInteraction) => decodeInteraction(interaction, catalog, { roles: [moderatorRole] })!;
    expect(await decode(withRoles(chatInputInteraction("gaps"), [])).isModerator()).toBe(false);
    expect(await decode(withRoles(chatInputInteraction("gaps"), [moderatorRole])).isModerator()).toBe(true);
    expect(await decode(withRoles(chatInputInteraction("gaps", {}, { permissions: "8192" }), [])).isModerator()).toBe(true);
    expect(await decode(chatInputInteraction("gaps", {}, { guild: false }) as unknown as APIInteraction).isModerator()).toBe(false);
  });

  it("reads slash options by name, whatever their type", () => {
    const request = decodeInteraction(chatInputInteraction("gaps", { days: 3 }) as unknown as APIInteraction, catalog)!;
    expect(request.intent).toMatchObject({ kind: "command", command: { kind: "gaps" }, options: { days: "3" } });
    expect(request.deliveryId).toMatch(/^\d+$/);
  });
});
