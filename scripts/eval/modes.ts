/**
 * The embedding setups the evaluation runs Verbatim with, and preparing each one's model.
 *
 * - keyword: `EMBEDDING_MODEL=none`, keyword search only.
 * - test-model: the generated bag-of-words model (scripts/make-test-model.ts), with the set's
 *   corpus and questions as extra vocabulary, as a real model's 30k-word vocabulary would cover them.
 * - bench-model: random weights in all-MiniLM-L6-v2's shape (scripts/make-bench-model.ts): a model
 *   whose similarities separate nothing, to show the dense relevance neither refuses everything nor
 *   answers everything.
 * - model: a real model named by `--model` (hub id or local folder), where it can be downloaded.
 */
import path from "node:path";
import { writeBenchModel } from "../make-bench-model.js";
import { readCorpusText, writeTestModel } from "../make-test-model.js";
import type { EvalQuestion } from "./score.js";
import type { EvalSet } from "./sets.js";

export const MODE_NAMES = ["keyword", "test-model", "bench-model", "model"] as const;
export type ModeName = (typeof MODE_NAMES)[number];

export interface PreparedMode {
  name: ModeName;
  /** EMBEDDING_MODEL for the child processes. */
  embeddingModel: string;
  /** What the report shows for EMBEDDING_MODEL (no machine-specific absolute paths). */
  shown: string;
}

export const MODE_DESCRIPTIONS: Record<ModeName, string> = {
  keyword: "keyword search only",
  "test-model":
    "generated bag-of-words test model (`scripts/make-test-model.ts`, the set's corpus and questions as vocabulary)",
  "bench-model":
    "random-weight model in all-MiniLM-L6-v2's shape (`scripts/make-bench-model.ts`): its similarities mean nothing",
  model: "a real embedding model",
};

/** Writes the mode's model where one must be generated; returns what to run the CLI with. */
export async function prepareMode(
  root: string,
  name: ModeName,
  set: EvalSet,
  questions: readonly EvalQuestion[],
  realModel: string | undefined,
): Promise<PreparedMode> {
  const models = path.join(root, ".cache", "models");
  switch (name) {
    case "keyword":
      return { name, embeddingModel: "none", shown: "none" };
    case "test-model": {
      // Not the tests' own folder (.cache/test-models/verbatim-test): its vocabulary differs.
      const dir = path.join(models, `eval-test-model-${set.name}`);
      const corpusText = await readCorpusText([path.join(root, set.corpusDir)]);
      const extraText = [corpusText, ...questions.map((q) => q.question)].join("\n");
      await writeTestModel(dir, { extraText });
      return { name, embeddingModel: dir, shown: path.relative(root, dir) };
    }
    case "bench-model": {
      // The same folder as `npm run bench`: the generator is deterministic.
      const dir = path.join(models, "bench-minilm-shape");
      await writeBenchModel(dir);
      return { name, embeddingModel: dir, shown: path.relative(root, dir) };
    }
    case "model":
      if (!realModel) throw new Error('mode "model" needs --model ID (a hub id or a local folder)');
      return { name, embeddingModel: realModel, shown: realModel };
  }
}
