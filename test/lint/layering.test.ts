/** The design's import arrows are checked by ESLint (eslint.config.js): here, that they bite. */
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const eslint = new ESLint();

async function problems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === "no-restricted-imports")
    .map((m) => m.message);
}

describe("layering", () => {
  it.each([
    ["src/bot/x.ts", 'import { SearchEngine } from "../retrieval/engine.js";', "public module"],
    ["src/cli/x.ts", 'import { terms } from "../retrieval/terms.js";', "public module"],
    ["src/chart/x.ts", 'import type { Trend } from "../retrieval/trend.js";', "public module"],
    ["src/bot/x.ts", 'import hnswlib from "hnswlib-node";', "ONNX or HNSW"],
    ["src/bot/x.ts", 'import { ask } from "../cli/ask.js";', "command line"],
    ["src/retrieval/x.ts", 'import { Client } from "discord.js";', "Discord"],
    ["src/retrieval/x.ts", 'import { x } from "../bot/format.js";', "its users"],
    ["scripts/x.ts", 'import { x } from "../test/helpers.js";', "never import tests"],
  ])("%s may not: %s", async (file, code, why) => {
    const found = await problems(file, `${code}\nexport {};\n`);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(why);
  });

  it.each([
    ["src/bot/x.ts", 'import type { Passage } from "../retrieval/index.js";'],
    ["src/cli/x.ts", 'import { SearchEngine } from "../retrieval/index.js";'],
    ["src/retrieval/x.ts", 'import { terms } from "./terms.js";'],
    ["test/x.test.ts", 'import { terms } from "../src/retrieval/terms.js";'],
  ])("%s may: %s", async (file, code) => {
    expect(await problems(file, `${code}\nexport {};\n`)).toEqual([]);
  });
});
