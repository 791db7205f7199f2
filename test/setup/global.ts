/** Generates the small test embedding model once per test run (tests never download anything). */
import path from "node:path";
import { writeTestModel } from "../../scripts/make-test-model.js";

export const TEST_MODEL_DIR = path.resolve(".cache/models/verbatim-test");

export default async function setup(): Promise<void> {
  await writeTestModel(TEST_MODEL_DIR);
}
