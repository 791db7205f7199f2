/**
 * npm run model:download: fetches the configured embedding model into MODEL_CACHE_DIR ahead of
 * time, for servers without internet (copy the cache folder over afterwards).
 */
import { Command } from "commander";
import { forgetFailedDownload, isLocalModel, TransformersEmbedder } from "../retrieval/index.js";
import { config, runCommand } from "./common.js";

runCommand(async () => {
  const cfg = config();
  const program = new Command("model:download")
    .description("Download the embedding model into the model cache so later runs work offline.")
    .option("--model <id>", "hub id of the model", cfg.embeddingModel ?? "Xenova/all-MiniLM-L6-v2")
    .option("--cache <dir>", "cache folder", cfg.modelCacheDir)
    .parse();
  const options = program.opts<{ model: string; cache: string }>();
  if (isLocalModel(options.model)) {
    process.stdout.write(`${options.model} is a local folder: nothing to download.\n`);
    return;
  }
  process.stderr.write(`Downloading ${options.model} into ${options.cache}...\n`);
  const embedder = await TransformersEmbedder.create({
    model: options.model,
    cacheDir: options.cache,
    allowDownload: true,
  });
  const [vector] = await embedder.embed(["Verbatim model check."]);
  // Commands that gave up on the download for an hour use the model from now on.
  await forgetFailedDownload(options.cache);
  process.stdout.write(
    `Model ${options.model} is ready in ${options.cache} (${embedder.dimension} dimensions, check vector length ${vector?.length}).\n`,
  );
});
