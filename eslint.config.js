// @ts-check
import js from "@eslint/js";
import tseslint from "typescript-eslint";

const RETRIEVAL_PUBLIC =
  "Import retrieval through its public module (src/retrieval/index.ts), not its inner files.";
const MODEL_AND_GRAPH = ["@xenova/transformers", "onnxruntime-node", "hnswlib-node"];

export default tseslint.config(
  { ignores: ["node_modules/", "data/", ".cache/", "coverage/", "dist/", "scratch/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-explicit-any": "error",
      "no-restricted-syntax": [
        "error",
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: "Read configuration through src/config.ts, not process.env.",
        },
      ],
    },
  },
  {
    files: ["src/config.ts", "test/**", "scripts/**", "vitest.config.ts"],
    rules: { "no-restricted-syntax": "off" },
  },
  // The design's arrows (docs/design.md, "Shape"), checked.
  {
    files: ["src/bot/**", "src/cli/**", "src/chart/**", "src/indexing/**", "src/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [{ regex: "retrieval/(?!index\\.js$)", message: RETRIEVAL_PUBLIC }],
        },
      ],
    },
  },
  {
    files: ["src/bot/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { regex: "retrieval/(?!index\\.js$)", message: RETRIEVAL_PUBLIC },
            { regex: "(^|/)cli/", message: "The bot does not import the command line." },
          ],
          paths: MODEL_AND_GRAPH.map((name) => ({
            name,
            message: "The bot knows nothing of ONNX or HNSW: it calls the retrieval interface.",
          })),
        },
      ],
    },
  },
  {
    files: ["src/retrieval/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "(^|/)(bot|cli|chart|indexing)/",
              message: "Retrieval knows nothing of its users: the bot, the CLI, the chart.",
            },
          ],
          paths: [{ name: "discord.js", message: "Retrieval knows nothing of Discord." }],
        },
      ],
    },
  },
  {
    files: ["scripts/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "(^|/)test/",
              message: "Scripts never import tests (shared test tools live in scripts/testing).",
            },
          ],
        },
      ],
    },
  },
);
