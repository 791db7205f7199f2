import { readFile, readdir, rm, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { env, pipeline } from "@xenova/transformers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lightStem, writeTestModel } from "../../scripts/make-test-model.js";
import { tempDir } from "../helpers.js";

const SEED_SENTENCE = "Nearly 4,000 Azerbaijani citizens are still missing.";

function cosine(a: readonly number[], b: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] ?? 0) * (b[i] ?? 0);
  return sum;
}

describe("scripts/make-test-model", () => {
  let root: string;
  let modelDir: string;

  beforeAll(async () => {
    root = await tempDir("verbatim-test-model-");
    modelDir = join(root, "verbatim-test");
    await writeTestModel(modelDir, { extraText: SEED_SENTENCE });
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("writes the files transformers.js expects, and nothing else", async () => {
    expect((await readdir(modelDir)).sort()).toEqual([
      "config.json",
      "onnx",
      "tokenizer.json",
      "tokenizer_config.json",
    ]);
    expect((await readdir(join(modelDir, "onnx"))).sort()).toEqual([
      "model.onnx",
      "model_quantized.onnx",
    ]);
    const fp32 = await readFile(join(modelDir, "onnx", "model.onnx"));
    const quantized = await readFile(join(modelDir, "onnx", "model_quantized.onnx"));
    expect(fp32.equals(quantized)).toBe(true);

    const config = JSON.parse(await readFile(join(modelDir, "config.json"), "utf8")) as Record<
      string,
      unknown
    >;
    expect(config).toMatchObject({ model_type: "bert", hidden_size: 128 });
    const tokenizerConfig = JSON.parse(
      await readFile(join(modelDir, "tokenizer_config.json"), "utf8"),
    ) as Record<string, unknown>;
    expect(tokenizerConfig).toMatchObject({
      model_max_length: 256,
      tokenizer_class: "BertTokenizer",
    });
    const tokenizer = JSON.parse(await readFile(join(modelDir, "tokenizer.json"), "utf8")) as {
      model: { type: string; vocab: Record<string, number> };
    };
    expect(tokenizer.model.type).toBe("WordPiece");
    expect(tokenizer.model.vocab).toMatchObject({
      "[PAD]": 0,
      "[UNK]": 100,
      "[CLS]": 101,
      "[SEP]": 102,
      "[MASK]": 103,
      azerbaijani: expect.any(Number) as unknown,
    });
    expect(config["vocab_size"]).toBe(Object.keys(tokenizer.model.vocab).length);
  });

  it("leaves an identical model alone when written again", async () => {
    const before = await stat(join(modelDir, "onnx", "model.onnx"));
    await writeTestModel(modelDir, { extraText: SEED_SENTENCE });
    const after = await stat(join(modelDir, "onnx", "model.onnx"));
    expect(after.mtimeMs).toBe(before.mtimeMs);
    expect(after.ino).toBe(before.ino);
  });

  it("survives two writers racing for the same folder", async () => {
    const raced = join(root, "raced");
    await Promise.all([writeTestModel(raced), writeTestModel(raced), writeTestModel(raced)]);
    expect((await readdir(root)).filter((name) => name.startsWith("."))).toEqual([]);
    expect((await readdir(join(raced, "onnx"))).sort()).toEqual([
      "model.onnx",
      "model_quantized.onnx",
    ]);
  });

  it("retrieves by shared words through the transformers.js feature-extraction pipeline", async () => {
    env.allowRemoteModels = false;
    env.localModelPath = dirname(modelDir);
    const extractor = await pipeline("feature-extraction", basename(modelDir), { quantized: true });
    const sentences = [
      "How many are still missing?",
      SEED_SENTENCE,
      "The orchestra played a symphony in the concert hall.",
    ];
    const output = await extractor(sentences, { pooling: "mean", normalize: true });
    expect(output.dims).toEqual([3, 128]);
    const tokens = extractor.tokenizer
      .encode(SEED_SENTENCE)
      .map((id) => extractor.tokenizer.model.vocab[id]);
    expect(tokens.join(" ")).toBe(
      "[CLS] nearly 4 , 000 azerbaijani citizens are still missing . [SEP]",
    );
    const [question, answer, unrelated] = output.tolist() as number[][];
    if (question === undefined || answer === undefined || unrelated === undefined) {
      throw new Error("expected three vectors");
    }
    expect(cosine(question, question)).toBeCloseTo(1, 5);
    const related = cosine(question, answer);
    expect(related).toBeGreaterThan(0.3);
    expect(related).toBeGreaterThan(cosine(question, unrelated) + 0.2);
  });

  it("stems inflections together", () => {
    expect(new Set(["missing", "missed", "misses", "miss"].map(lightStem))).toEqual(
      new Set(["miss"]),
    );
    expect(lightStem("citizens")).toBe(lightStem("citizen"));
  });
});
