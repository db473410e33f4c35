// ESLint 9 flat config: the recommended JavaScript and typescript-eslint rules,
// without type-aware linting, so `npm test` stays fast. The architecture
// (which folder may import which) is checked by dependency-cruiser instead:
// see .dependency-cruiser.cjs.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
// Formatting is Prettier's job (`npm run format`, checked by `npm run lint`); this turns off the rules that would argue with it.
import prettier from "eslint-config-prettier";

export default tseslint.config(
  { ignores: ["dist/", "coverage/", "data/", "scratch/", "bench/.cache/", "node_modules/"] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: "module",
      globals: {
        process: "readonly",
        console: "readonly",
        setTimeout: "readonly",
        clearTimeout: "readonly",
        setImmediate: "readonly",
        URL: "readonly",
        Buffer: "readonly",
        TextDecoder: "readonly",
        TextEncoder: "readonly",
        performance: "readonly",
      },
    },
    rules: {
      // `import type` for types, as the developers' guide asks.
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      // `_name` marks a parameter kept for its position.
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", ignoreRestSiblings: true }],
    },
  },
  prettier,
  { files: ["**/*.cjs"], languageOptions: { sourceType: "commonjs", globals: { module: "writable", require: "readonly" } } },
);
