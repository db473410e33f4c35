import type { AnswerService } from "../answer/AnswerService.js";
import { CatalogError } from "../commands/CatalogError.js";
import type { CommandCatalog } from "../commands/types.js";

/**
 * Checks that every topic command's sections exist in the corpus, so a
 * renamed heading is a start-up error naming the command file, not a command
 * that answers "no such section" forever.
 */
export function checkTopics(catalog: CommandCatalog, service: AnswerService): void {
  for (const command of catalog.commands) {
    for (const section of command.sections ?? []) {
      if (!service.findSection(section)) {
        const known = service.sources().flatMap((source) => source.sections.map((s) => s.slug));
        throw new CatalogError(
          "catalog-invalid",
          `${command.file}: "sections" names "${section}", which is not a section of the corpus (sections: ${known.join(", ")}). ` +
            "Edit the file, or, for another corpus, point COMMANDS_DIR at a catalog written for it.",
          command.file,
          "sections",
        );
      }
    }
  }
}
