/** A failed model download is said once and remembered for an hour; the cache is still read. */
import { cp, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { type EmbedderOptions, loadEmbedder } from "../../src/retrieval/embedder.js";
import { ModelLoadError } from "../../src/retrieval/errors.js";
import {
  DOWNLOAD_RETRY_MS,
  FAILED_DOWNLOAD_FILE,
  rememberedFailure,
  shortReason,
} from "../../src/retrieval/failed-download.js";
import { TEST_MODEL_DIR } from "../setup/global.js";
import { CountingEmbedder, tempDir } from "../helpers.js";

const MODEL = "Xenova/all-MiniLM-L6-v2";
const T0 = Date.parse("2026-03-01T12:00:00.000Z");

describe("rememberedFailure", () => {
  const failure = { model: MODEL, at: new Date(T0).toISOString(), reason: "offline" };

  it("holds for an hour, for the same model", () => {
    expect(rememberedFailure(failure, MODEL, T0 + 1000)).toEqual(failure);
    expect(rememberedFailure(failure, MODEL, T0 + DOWNLOAD_RETRY_MS - 1)).toEqual(failure);
    expect(rememberedFailure(failure, MODEL, T0 + DOWNLOAD_RETRY_MS)).toBeNull();
    expect(rememberedFailure(failure, "Xenova/other-model", T0 + 1000)).toBeNull();
  });

  it("believes no damaged record, and no time in the future", () => {
    expect(rememberedFailure(null, MODEL, T0)).toBeNull();
    expect(rememberedFailure("text", MODEL, T0)).toBeNull();
    expect(rememberedFailure({ ...failure, at: "yesterday" }, MODEL, T0)).toBeNull();
    expect(rememberedFailure({ model: MODEL, at: failure.at }, MODEL, T0)).toBeNull();
    expect(rememberedFailure(failure, MODEL, T0 - 60_000)).toBeNull();
  });
});

describe("shortReason", () => {
  it("is the innermost cause, on one line, shortened", () => {
    const inner = new Error("getaddrinfo ENOTFOUND huggingface.co\n    at stack");
    const outer = new ModelLoadError(MODEL, "Could not load", {
      cause: new Error("fetch failed", { cause: inner }),
    });
    expect(shortReason(outer)).toBe("getaddrinfo ENOTFOUND huggingface.co");
    expect(shortReason(new Error("x".repeat(100)), 20)).toBe(`${"x".repeat(19)}…`);
  });
});

describe("loadEmbedder with a hub model", () => {
  /** A stand-in for transformers.js that fails or succeeds, recording how it was asked. */
  function creator(outcome: "fail" | "succeed") {
    const calls: EmbedderOptions[] = [];
    const create = async (options: EmbedderOptions) => {
      calls.push(options);
      if (outcome === "succeed") return new CountingEmbedder(options.model);
      throw new ModelLoadError(options.model, "Could not load", {
        cause: new Error("fetch failed", { cause: new Error("connect ETIMEDOUT 10.0.0.1:443") }),
      });
    };
    return { calls, create };
  }

  it("says once why the download failed, then reads only the cache for an hour", async () => {
    const cache = await tempDir();
    const failing = creator("fail");
    const first = await loadEmbedder(MODEL, cache, { create: failing.create, now: () => T0 });
    expect(first).toEqual({
      embedder: null,
      warning: `keyword search only: ${MODEL} not downloaded (connect ETIMEDOUT 10.0.0.1:443), next try in 1 h; offline server: npm run model:download elsewhere, copy ${cache} here.`,
      remembered: false,
    });
    expect(JSON.parse(await readFile(path.join(cache, FAILED_DOWNLOAD_FILE), "utf8"))).toEqual({
      model: MODEL,
      at: "2026-03-01T12:00:00.000Z",
      reason: "connect ETIMEDOUT 10.0.0.1:443",
    });

    const later = await loadEmbedder(MODEL, cache, {
      create: failing.create,
      now: () => T0 + 30 * 60_000,
    });
    expect(later.remembered).toBe(true);
    expect(later.warning).toContain(
      "not downloaded at 2026-03-01T12:00:00.000Z (connect ETIMEDOUT 10.0.0.1:443), next try after 2026-03-01T13:00:00.000Z or now with npm run model:download;",
    );
    expect(failing.calls.map((c) => c.allowDownload)).toEqual([true, false]);

    await loadEmbedder(MODEL, cache, { create: failing.create, now: () => T0 + DOWNLOAD_RETRY_MS });
    expect(failing.calls.map((c) => c.allowDownload)).toEqual([true, false, true]);
  });

  it("uses a model copied into the cache meanwhile, and forgets the failure", async () => {
    const cache = await tempDir();
    await loadEmbedder(MODEL, cache, { create: creator("fail").create, now: () => T0 });
    const copied = creator("succeed");
    const loaded = await loadEmbedder(MODEL, cache, { create: copied.create, now: () => T0 + 1 });
    expect(loaded.embedder?.modelId).toBe(MODEL);
    expect(copied.calls.map((c) => c.allowDownload)).toEqual([false]);
    await expect(readFile(path.join(cache, FAILED_DOWNLOAD_FILE))).rejects.toThrow(/ENOENT/);
  });

  it("tries another model at once: the failure was another model's", async () => {
    const cache = await tempDir();
    await loadEmbedder(MODEL, cache, { create: creator("fail").create, now: () => T0 });
    const other = creator("fail");
    await loadEmbedder("Xenova/bge-small-en-v1.5", cache, { create: other.create, now: () => T0 });
    expect(other.calls.map((c) => c.allowDownload)).toEqual([true]);
  });

  it("remembers nothing for a local model folder", async () => {
    const cache = await tempDir();
    const missing = path.join(cache, "no-such-model");
    const choice = await loadEmbedder(`./${path.relative(process.cwd(), missing)}`, cache, {
      now: () => T0,
    });
    expect(choice.embedder).toBeNull();
    expect(choice.warning).toMatch(/has no config\.json/);
    await expect(readFile(path.join(cache, FAILED_DOWNLOAD_FILE))).rejects.toThrow(/ENOENT/);
  });

  it("with transformers.js, finds a model in the cache without trying the network", async () => {
    const cache = await tempDir();
    const id = "verbatim-tests/copied-model";
    await cp(TEST_MODEL_DIR, path.join(cache, id), { recursive: true });
    await writeFile(
      path.join(cache, FAILED_DOWNLOAD_FILE),
      JSON.stringify({ model: id, at: new Date().toISOString(), reason: "offline" }),
    );
    const choice = await loadEmbedder(id, cache);
    expect(choice.warning).toBeNull();
    expect(choice.embedder?.modelId).toBe(id);
    expect((await choice.embedder!.embed(["still missing"]))[0]!.length).toBe(
      choice.embedder!.dimension,
    );
  });
});
