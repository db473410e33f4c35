/**
 * The architecture as rules, checked by `npm run lint` (and so `npm test`).
 * Data flows one way: corpus → index → answer → service → usecases → pipeline → render →
 * adapters; no layer imports a later one. Beside the flow: commands (the
 * command catalog) and store (persistence), config and the top-level
 * logger-level modules (src/*.ts). cli and main may import anything.
 * Type-only imports count: a type from a later layer is still a dependency on it.
 */
const FLOW = ["corpus", "index", "answer", "service", "usecases", "pipeline", "render", "adapters"];
const later = (layer) => FLOW.slice(FLOW.indexOf(layer) + 1);
const folders = (names) => `^src/(${names.join("|")})/`;

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...FLOW.slice(0, -1).map((layer) => ({
      name: `${layer}-not-to-later-layers`,
      comment: `src/${layer} comes before ${later(layer).join(", ")} in the flow; it must not import them.`,
      severity: "error",
      from: { path: `^src/${layer}/` },
      to: { path: folders(later(layer)) },
    })),
    {
      name: "adapters-not-to-cli",
      comment: "Adapters are started by main; the command-line tools are a separate entry point.",
      severity: "error",
      from: { path: "^src/adapters/" },
      to: { path: "^src/cli/" },
    },
    {
      name: "only-entry-points-to-cli-and-eval",
      comment: "src/cli and src/eval are tools at the top; nothing in the bot imports them.",
      severity: "error",
      from: { path: "^src/", pathNot: "^src/(cli|eval)/|^src/main\\.ts$" },
      to: { path: "^src/(cli|eval)/" },
    },
    {
      name: "commands-only-to-config",
      comment: "The command catalog is data about commands: it must not depend on how answers are made (src/answer) or served.",
      severity: "error",
      from: { path: "^src/commands/" },
      to: { path: folders(["index", "answer", "service", "pipeline", "render", "adapters", "store"]) },
    },
    {
      name: "store-imports-only-lower-levels",
      comment: "The store sits beside the pipeline and imports only corpus, config and logger-level code.",
      severity: "error",
      from: { path: "^src/store/" },
      to: { path: folders(["index", "answer", "service", "pipeline", "render", "adapters", "commands"]) },
    },
    {
      name: "store-used-by-pipeline-adapters-cli",
      comment: "Only the pipeline, the adapters and the tools (cli, and the report and export they print) use the store.",
      severity: "error",
      from: { path: "^src/", pathNot: "^src/(store|usecases|pipeline|adapters|cli|report|export)/|^src/main\\.ts$" },
      // The configuration reads the store's defaults and parses STORE_URL with the store's own parser; it opens nothing.
      to: { path: "^src/store/", pathNot: "^src/store/(defaults|storeUrl|StoreError)\\.ts$" },
    },
    {
      name: "config-and-top-level-modules-are-leaves",
      comment:
        "Configuration, the logger and other src/*.ts helpers are used by every layer, so they import none; " +
        "except that the configuration reads each module's defaults table and the store's URL parser (modules that import nothing of the flow), so no default is written twice.",
      severity: "error",
      from: { path: "^src/config/|^src/[^/]+\\.ts$", pathNot: "^src/main\\.ts$" },
      to: {
        path: folders([...FLOW, "commands", "store", "cli", "eval"]),
        pathNot: "^src/(pipeline|store)/defaults\\.ts$|^src/store/(storeUrl|StoreError)\\.ts$",
      },
    },
    {
      name: "no-circular",
      comment: "A cycle makes two modules one module in two files.",
      severity: "error",
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { extensions: [".ts", ".js"] },
  },
};
