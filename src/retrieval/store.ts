/**
 * The index directory on disk. Each build is written into a fresh generation folder, checksummed,
 * and published by atomically replacing the CURRENT pointer file, so a crash at any moment leaves
 * the previous index whole. A lock keeps two indexers apart.
 */
import { createHash } from "node:crypto";
import { createReadStream, existsSync, readFileSync } from "node:fs";
import { mkdir, open, readFile, readdir, rename, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import lockfile from "proper-lockfile";
import { z } from "zod";
import { IndexError } from "./errors.js";

export const INDEX_FORMAT_VERSION = 1;
export const POINTER_FILE = "CURRENT";
const LOCK_NAME = "index.lock";

const ChunkerSchema = z.object({
  version: z.number(),
  targetTokens: z.number(),
  maxTokens: z.number(),
  overlapSentences: z.number(),
});

export const ManifestSchema = z.object({
  format: z.literal("verbatim-index"),
  formatVersion: z.number(),
  builtBy: z.string(),
  createdAt: z.string(),
  model: z.object({ id: z.string(), dimension: z.number().int().positive() }).nullable(),
  hnsw: z
    .object({
      space: z.literal("cosine"),
      m: z.number(),
      efConstruction: z.number(),
      efSearch: z.number(),
    })
    .nullable(),
  chunker: ChunkerSchema,
  lexical: z.string(),
  /** How the model's similarities spread on this corpus (calibration.ts); null without a model. */
  calibration: z
    .object({
      floor: z.number(),
      ceiling: z.number(),
      separates: z.boolean(),
      probes: z.number(),
    })
    .nullable()
    .optional(),
  counts: z.object({
    statements: z.number(),
    chunks: z.number(),
    vectors: z.number(),
    deletedVectors: z.number(),
  }),
  nextLabel: z.number().int().nonnegative(),
  /** docId → content hash of what was indexed for it. */
  statements: z.record(z.string(), z.string()),
  /** Every file of the generation with its size and sha256. */
  files: z.record(z.string(), z.object({ bytes: z.number(), sha256: z.string() })),
});
export type Manifest = z.infer<typeof ManifestSchema>;

const REINDEX = 'Run "npm run index" to rebuild it.';

export async function sha256File(file: string): Promise<string> {
  const hash = createHash("sha256");
  // Large reads: the default 64 KiB chunks spend more time in the stream than in SHA-256.
  for await (const chunk of createReadStream(file, { highWaterMark: 4 * 1024 * 1024 })) {
    hash.update(chunk as Buffer);
  }
  return hash.digest("hex");
}

export function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** The generation folder CURRENT points to, or null when nothing was published yet. */
export function currentGeneration(indexDir: string): string | null {
  const pointer = path.join(indexDir, POINTER_FILE);
  if (!existsSync(pointer)) return null;
  const name = readFileSync(pointer, "utf8").trim();
  if (!/^gen-[\w-]+$/.test(name)) {
    throw new IndexError(
      `The index pointer ${pointer} is damaged ("${name.slice(0, 40)}"). ${REINDEX}`,
      indexDir,
      "corrupt",
    );
  }
  return path.join(indexDir, name);
}

/**
 * Reads and verifies a generation's manifest and the checksum of every file it lists. Nothing of
 * the generation is parsed before this passes: hnswlib would load a damaged file and crash later.
 * The files named in `read` are read once and verified in memory; their verified bytes are returned
 * in `contents`, so the caller parses exactly what was checked without reading the file again.
 * Files named in `unused` (which this caller never opens) only have their size checked: whoever
 * reads them opens the generation without that option.
 */
export async function openGeneration(
  indexDir: string,
  options: { read?: readonly string[]; unused?: readonly string[] } = {},
): Promise<{ dir: string; manifest: Manifest; contents: Map<string, Buffer> }> {
  const dir = currentGeneration(indexDir);
  if (!dir) {
    throw new IndexError(
      `No index in ${indexDir} yet. Run "npm run index" to build it.`,
      indexDir,
      "missing",
    );
  }
  const manifestPath = path.join(dir, "manifest.json");
  let manifest: Manifest;
  try {
    manifest = ManifestSchema.parse(JSON.parse(await readFile(manifestPath, "utf8")));
  } catch (error) {
    throw new IndexError(
      `The index manifest ${manifestPath} is missing or unreadable. ${REINDEX}`,
      indexDir,
      "corrupt",
      {
        cause: error,
      },
    );
  }
  if (manifest.formatVersion !== INDEX_FORMAT_VERSION) {
    throw new IndexError(
      `The index in ${indexDir} has format version ${manifest.formatVersion}; this Verbatim reads version ${INDEX_FORMAT_VERSION}. ${REINDEX}`,
      indexDir,
      "mismatch",
    );
  }
  const contents = new Map<string, Buffer>();
  const read = new Set(options.read ?? []);
  const unused = new Set(options.unused ?? []);
  for (const [name, expected] of Object.entries(manifest.files)) {
    const file = path.join(dir, name);
    let bytes: number;
    let data: Buffer | null = null;
    try {
      if (read.has(name)) {
        data = await readFile(file);
        bytes = data.byteLength;
      } else {
        bytes = (await stat(file)).size;
      }
    } catch (error) {
      throw new IndexError(`Index file ${file} is missing. ${REINDEX}`, indexDir, "corrupt", {
        cause: error,
      });
    }
    if (
      bytes !== expected.bytes ||
      (!unused.has(name) && (data ? sha256(data) : await sha256File(file)) !== expected.sha256)
    ) {
      throw new IndexError(
        `Index file ${file} is damaged (its checksum does not match the manifest). ${REINDEX}`,
        indexDir,
        "corrupt",
      );
    }
    if (data) contents.set(name, data);
  }
  return { dir, manifest, contents };
}

/** A generation being written; nothing is visible to readers until `publish`. */
export class GenerationWriter {
  readonly files: Manifest["files"] = {};
  private constructor(
    readonly indexDir: string,
    readonly dir: string,
  ) {}

  static async start(indexDir: string): Promise<GenerationWriter> {
    await mkdir(indexDir, { recursive: true });
    const stamp = new Date().toISOString().replace(/[-:.]/g, "").replace("T", "-").slice(0, 15);
    const name = `gen-${stamp}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
    const dir = path.join(indexDir, name);
    await mkdir(dir);
    return new GenerationWriter(indexDir, dir);
  }

  path(name: string): string {
    return path.join(this.dir, name);
  }

  async write(name: string, data: string | Uint8Array): Promise<void> {
    await writeDurable(this.path(name), data);
    // Checksummed from memory (strings are written as UTF-8, which is what the hash sees too).
    const bytes = typeof data === "string" ? Buffer.byteLength(data) : data.byteLength;
    const digest = createHash("sha256").update(data).digest("hex");
    this.files[name] = { bytes, sha256: digest };
  }

  /** Records a file written by someone else (hnswlib writes its own). */
  async record(name: string): Promise<void> {
    const file = this.path(name);
    await fsync(file);
    this.files[name] = { bytes: (await stat(file)).size, sha256: await sha256File(file) };
  }

  /** Writes the manifest, then swaps CURRENT to this generation in one rename, then tidies up. */
  async publish(manifest: Omit<Manifest, "files">): Promise<void> {
    const full: Manifest = { ...manifest, files: { ...this.files } };
    await writeDurable(this.path("manifest.json"), JSON.stringify(full, null, 1));
    await fsyncDir(this.dir);
    const previous = currentGeneration(this.indexDir);
    const pointerTmp = path.join(this.indexDir, `${POINTER_FILE}.${process.pid}.tmp`);
    await writeDurable(pointerTmp, `${path.basename(this.dir)}\n`);
    await rename(pointerTmp, path.join(this.indexDir, POINTER_FILE));
    await fsyncDir(this.indexDir);
    await removeOldGenerations(this.indexDir, [this.dir, previous]);
  }

  async abandon(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}

/** Keeps the current and previous generations (a reader may still be loading the previous one). */
async function removeOldGenerations(indexDir: string, keep: Array<string | null>): Promise<void> {
  const keepNames = new Set(
    keep.filter((k): k is string => k !== null).map((k) => path.basename(k)),
  );
  for (const entry of await readdir(indexDir)) {
    if (entry.startsWith("gen-") && !keepNames.has(entry)) {
      await rm(path.join(indexDir, entry), { recursive: true, force: true });
    }
  }
}

async function writeDurable(file: string, data: string | Uint8Array): Promise<void> {
  const handle = await open(file, "w");
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function fsync(file: string): Promise<void> {
  const handle = await open(file, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function fsyncDir(dir: string): Promise<void> {
  try {
    await fsync(dir);
  } catch {
    // Some file systems cannot fsync a directory; the rename is still atomic there.
  }
}

export interface LockInfo {
  pid: number;
  host: string;
  startedAt: string;
  by: string;
}

/**
 * Takes the indexing lock, or throws IndexError naming who holds it. A lock whose holder died
 * goes stale after 30 seconds and is taken over.
 */
export async function acquireIndexLock(indexDir: string, by: string): Promise<() => Promise<void>> {
  await mkdir(indexDir, { recursive: true });
  const lockPath = path.join(indexDir, LOCK_NAME);
  const infoPath = path.join(indexDir, `${LOCK_NAME}.json`);
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(indexDir, {
      lockfilePath: lockPath,
      stale: 30_000,
      update: 5_000,
      realpath: false,
    });
  } catch (error) {
    const holder = await readLockInfo(infoPath);
    const who = holder
      ? `${holder.by} (pid ${holder.pid} on ${holder.host}, started ${holder.startedAt})`
      : "another indexing run";
    throw new IndexError(
      `The index in ${indexDir} is being rebuilt by ${who}. Wait for it to finish and try again.`,
      indexDir,
      "locked",
      { cause: error },
    );
  }
  const info: LockInfo = {
    pid: process.pid,
    host: os.hostname(),
    startedAt: new Date().toISOString(),
    by,
  };
  await writeFile(infoPath, JSON.stringify(info));
  return async () => {
    await rm(infoPath, { force: true });
    await release();
  };
}

export async function readLockInfo(infoPath: string): Promise<LockInfo | null> {
  try {
    return JSON.parse(await readFile(infoPath, "utf8")) as LockInfo;
  } catch {
    return null;
  }
}
