/**
 * The index directory on disk. Each build is written into a fresh generation folder, checksummed,
 * and published by atomically replacing the CURRENT pointer file, so a crash at any moment leaves
 * the previous index whole. A lock keeps two indexers apart (lock-holder.ts says whether its holder
 * can still be running).
 */
import { createHash } from "node:crypto";
import { createReadStream, existsSync, readFileSync } from "node:fs";
import { mkdir, open, readFile, readdir, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import lockfile from "proper-lockfile";
import { z } from "zod";
import { IndexError } from "./errors.js";
import {
  type LockInfo,
  LockInfoSchema,
  currentHolder,
  describeHolder,
  holderGone,
  onThisMachine,
} from "./lock-holder.js";

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
  /**
   * The corpus folder (absolute) and every file of it as read (size, modification time), so a
   * command notices a changed corpus without reading it (corpus-changes.ts). Older indexes lack it.
   */
  corpus: z
    .object({
      dir: z.string(),
      files: z.record(z.string(), z.object({ bytes: z.number(), mtimeMs: z.number() })),
    })
    .optional(),
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
 * The published generation's manifest, read without checking the generation's files (for a quick
 * look at what was indexed; whoever reads the index opens it with `openGeneration`). Null when
 * nothing was published or the manifest cannot be read.
 */
export async function readCurrentManifest(indexDir: string): Promise<Manifest | null> {
  try {
    const dir = currentGeneration(indexDir);
    if (!dir) return null;
    return ManifestSchema.parse(
      JSON.parse(await readFile(path.join(dir, "manifest.json"), "utf8")),
    );
  } catch {
    return null;
  }
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

/**
 * proper-lockfile's own staleness (the lock folder's age) is off: a build can keep the event loop
 * busy for longer than any stale time (embedding, the HNSW graph), and must not lose its lock to a
 * second indexer meanwhile. Whether a holder is gone is decided by `whyGone` instead.
 */
const LOCK_OPTIONS = { stale: Number.POSITIVE_INFINITY, update: 5_000, realpath: false } as const;
/** A holder whose process cannot be checked (another machine, no record) is gone after this. */
const UNREFRESHED_MS = 30_000;

export type { LockInfo } from "./lock-holder.js";

function lockPaths(indexDir: string) {
  return {
    lock: path.join(indexDir, LOCK_NAME),
    info: path.join(indexDir, `${LOCK_NAME}.json`),
    takeover: path.join(indexDir, `${LOCK_NAME}.takeover`),
  };
}

/**
 * Takes the indexing lock, or throws IndexError naming who holds it. A holder on this machine that
 * is no longer running is taken over at once, and `onWarning` says so; one that is running keeps
 * the lock however long it takes. A holder on another machine keeps it while it refreshes it (every
 * 5 s); one that stopped refreshing it 30 s ago is taken over.
 */
export async function acquireIndexLock(
  indexDir: string,
  by: string,
  options: { onWarning?: (message: string) => void } = {},
): Promise<() => Promise<void>> {
  await mkdir(indexDir, { recursive: true });
  const paths = lockPaths(indexDir);
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(indexDir, { lockfilePath: paths.lock, ...LOCK_OPTIONS });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ELOCKED") throw lockError(indexDir, error);
    release = await takeOverFromDeadHolder(indexDir, by, error, options.onWarning);
    return releaseWith(paths.info, release);
  }
  try {
    await writeFile(paths.info, JSON.stringify(currentHolder(by)));
  } catch (error) {
    await release();
    throw lockError(indexDir, error);
  }
  return releaseWith(paths.info, release);
}

/** Removes the holder's record, then the lock, so nobody ever reads a record of a freed lock. */
function releaseWith(infoPath: string, release: () => Promise<void>): () => Promise<void> {
  return async () => {
    await rm(infoPath, { force: true });
    await release();
  };
}

/**
 * Takes the lock of a holder that is no longer running, or throws the "being rebuilt" error. Two
 * indexers may find the same dead holder at once: they decide one at a time, under a second lock,
 * and the dead holder's record is removed before its lock, so the next one sees the new holder.
 */
async function takeOverFromDeadHolder(
  indexDir: string,
  by: string,
  lockedError: unknown,
  onWarning: ((message: string) => void) | undefined,
): Promise<() => Promise<void>> {
  const paths = lockPaths(indexDir);
  const holder = await readLockInfo(paths.info);
  if (!(await whyGone(paths.lock, holder))) throw lockedBy(indexDir, holder, lockedError);
  let releaseTakeover: () => Promise<void>;
  try {
    releaseTakeover = await lockfile.lock(paths.takeover, {
      realpath: false,
      stale: 10_000,
      retries: { retries: 20, minTimeout: 20, maxTimeout: 250 },
    });
  } catch (error) {
    throw lockedBy(indexDir, holder, error);
  }
  try {
    const current = await readLockInfo(paths.info);
    const reason = sameHolder(current, holder) ? await whyGone(paths.lock, current) : null;
    if (!reason) throw lockedBy(indexDir, current, lockedError);
    await rm(paths.info, { force: true });
    await rm(paths.lock, { recursive: true, force: true });
    let release: () => Promise<void>;
    try {
      release = await lockfile.lock(indexDir, { lockfilePath: paths.lock, ...LOCK_OPTIONS });
    } catch (error) {
      // Another indexer started in between and took the freed lock.
      throw lockedBy(indexDir, await readLockInfo(paths.info), error);
    }
    await writeFile(paths.info, JSON.stringify(currentHolder(by)));
    const from = current ? describeHolder(current) : "an indexing run that left no record";
    onWarning?.(`Took over the index lock in ${indexDir} from ${from}: ${reason}.`);
    return release;
  } finally {
    await releaseTakeover();
  }
}

/** Why the holder of the lock cannot finish, or null while it may. */
async function whyGone(lockPath: string, holder: LockInfo | null): Promise<string | null> {
  if (holder && onThisMachine(holder)) return holderGone(holder);
  let age: number;
  try {
    age = Date.now() - (await stat(lockPath)).mtimeMs;
  } catch {
    return null; // released meanwhile: the caller reports it taken, and a retry finds it free
  }
  return age > UNREFRESHED_MS
    ? `its lock has not been refreshed for ${Math.round(age / 1000)} s`
    : null;
}

function sameHolder(a: LockInfo | null, b: LockInfo | null): boolean {
  return a === null || b === null
    ? a === b
    : a.pid === b.pid && a.host === b.host && a.startedAt === b.startedAt;
}

function lockedBy(indexDir: string, holder: LockInfo | null, cause: unknown): IndexError {
  const who = holder ? describeHolder(holder) : "another indexing run";
  return new IndexError(
    `The index in ${indexDir} is being rebuilt by ${who}. Wait for it to finish and try again.`,
    indexDir,
    "locked",
    { cause },
  );
}

function lockError(indexDir: string, cause: unknown): IndexError {
  return new IndexError(
    `Cannot lock the index in ${indexDir} for rebuilding (${(cause as Error).message}). Check that the folder is writable.`,
    indexDir,
    "locked",
    { cause },
  );
}

export async function readLockInfo(infoPath: string): Promise<LockInfo | null> {
  try {
    return LockInfoSchema.parse(JSON.parse(await readFile(infoPath, "utf8")));
  } catch {
    return null;
  }
}
