/** Generates the small test embedding model once per test run (tests never download anything). */
import path from "node:path";
import {
  DEFAULT_CORPUS_DIRS,
  readCorpusText,
  writeTestModel,
} from "../../scripts/make-test-model.js";

export const TEST_MODEL_DIR = path.resolve(".cache/models/verbatim-test");

export default async function setup(): Promise<void> {
  // The same vocabulary as `npx tsx scripts/make-test-model.ts`, so the two never overwrite each other.
  await writeTestModel(TEST_MODEL_DIR, { extraText: await readCorpusText(DEFAULT_CORPUS_DIRS) });
}
