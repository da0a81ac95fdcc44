/**
 * The ledger's overflow on disk: JSON lines appended while the database is away and memory is
 * full, replayed once it is back. Appends go to `<spill_file>`; to replay, that file is first
 * renamed to `<spill_file>.replaying`, so new spills never land in a file being read, and the
 * replay resumes from the byte offset of the last batch written. Both files are owner-only (0600):
 * ledger rows name teams, keys and end users.
 */
import { appendFileSync, chmodSync, createReadStream, mkdirSync } from 'node:fs';
import { type FileHandle, mkdir, open, rename, stat, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { GovernanceLogger } from '../logger.js';
import { safeErrorText } from '../logger.js';
import type { LedgerEntry } from '../store-contract.js';
import { LineReader } from './line-reader.js';

/** How long after the disk refused an append the spill is tried again. */
const RETRY_DISK_MS = 10_000;

/** A batch read back from the spill, to write and then commit. */
export interface SpillBatch {
  entries: LedgerEntry[];
  /** Lines consumed, valid or not. */
  lines: number;
  /** Offset in the replay file past the batch. */
  end: number;
  /** The batch ends the replay file. */
  last: boolean;
}

/** The spill file and its replay. All file work runs in one queue, so rotation never races an append. */
export class SpillFile {
  readonly replayPath: string;
  /** Entries not yet appended to the file (the append is queued or in flight). */
  private pending: LedgerEntry[] = [];
  private appender: FileHandle | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private flushScheduled = false;
  private reader: { file: FileHandle; lines: LineReader } | undefined;
  /** Where the replay resumes in replayPath. */
  private replayOffset = 0;
  /** Entries spilled and not yet replayed (an estimate across a crash: lines on disk). */
  private count = 0;
  /** Until the first scan or replay attempt, files left by a previous run may exist. */
  private filesMayExist = true;
  /** When an append last failed (0: never, or it has worked since). */
  private appendFailedAt = 0;

  /** onRefused takes back entries the disk would not take, so they are kept (in memory) rather than lost. */
  constructor(
    readonly path: string,
    private readonly logger: GovernanceLogger,
    private readonly onRefused: (entries: LedgerEntry[]) => void,
  ) {
    this.replayPath = `${path}.replaying`;
  }

  /** Entries waiting on disk (or to be put there). */
  size(): number {
    return this.count;
  }

  /** False for a while after the disk refused an append: the ledger keeps rows in memory meanwhile. */
  writable(): boolean {
    return this.appendFailedAt === 0 || Date.now() - this.appendFailedAt > RETRY_DISK_MS;
  }

  /** Whether anything may be waiting for replay. */
  hasData(): boolean {
    return this.count > 0 || this.pending.length > 0 || this.filesMayExist;
  }

  /** Counts what a previous run left (lines of both files); returns how many. */
  scan(): Promise<number> {
    return this.serial(async () => {
      let found = 0;
      for (const file of [this.replayPath, this.path]) {
        try {
          found += await countLines(file);
        } catch (err) {
          if ((err as { code?: string }).code !== 'ENOENT') this.logger.error({ file, err: safeErrorText(err) }, 'cannot read the ledger spill file');
        }
      }
      this.count += found;
      if (found === 0 && this.pending.length === 0 && this.reader === undefined) this.filesMayExist = false;
      return found;
    });
  }

  /** Queues an entry for the file; written on the next turn of the event loop. */
  append(entry: LedgerEntry): void {
    this.pending.push(entry);
    this.count++;
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => {
        this.flushScheduled = false;
        void this.flush();
      });
    }
  }

  /** Appends what is queued; on failure the entries go back to the ledger (memory) and the error is logged once. */
  flush(): Promise<void> {
    return this.serial(() => this.appendPending());
  }

  /** Writes synchronously, for entries that arrive after the ledger was closed. */
  appendSync(entries: readonly LedgerEntry[]): void {
    if (entries.length === 0) return;
    mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
    appendFileSync(this.path, entries.map((e) => `${JSON.stringify(e)}\n`).join(''), { mode: 0o600 });
    chmodSync(this.path, 0o600);
    this.count += entries.length;
  }

  /** The next batch of up to `max` entries to replay, or null when nothing is left on disk. */
  async read(max: number): Promise<SpillBatch | null> {
    if (this.reader === undefined) {
      const opened = await this.serial(() => this.openReplay());
      if (!opened) return null;
    }
    const reader = this.reader!;
    const entries: LedgerEntry[] = [];
    let lines = 0;
    let end = this.replayOffset;
    while (entries.length < max) {
      const line = await reader.lines.next();
      if (line === null) break;
      lines++;
      end = line.end;
      const entry = parseEntry(line.text);
      if (entry) entries.push(entry);
      else if (line.text.trim() !== '') this.logger.warn({ file: this.replayPath, offset: line.end }, 'skipping an unreadable ledger spill line');
    }
    return { entries, lines, end, last: await reader.lines.exhausted() };
  }

  /** The batch is in the database: move past it, and remove the replay file once it is done. */
  async commit(batch: SpillBatch): Promise<void> {
    this.replayOffset = batch.end;
    this.count = Math.max(0, this.count - batch.lines);
    if (!batch.last) return;
    await this.closeReader();
    await this.serial(async () => {
      await unlink(this.replayPath).catch((err: unknown) => {
        if ((err as { code?: string }).code !== 'ENOENT') throw err;
      });
      this.replayOffset = 0;
    });
  }

  /** A write failed: forget the read position past the last commit, so the batch is read again. */
  async abort(): Promise<void> {
    await this.closeReader();
  }

  /** Appends what is queued and closes the files. */
  async close(): Promise<void> {
    await this.closeReader();
    await this.serial(async () => {
      await this.appendPending();
      await this.appender?.close().catch(() => undefined);
      this.appender = undefined;
    });
  }

  private async closeReader(): Promise<void> {
    const reader = this.reader;
    this.reader = undefined;
    await reader?.file.close().catch(() => undefined);
  }

  /** Opens the replay file, first rotating the spill file into it when none is being replayed. */
  private async openReplay(): Promise<boolean> {
    if (!(await exists(this.replayPath))) {
      await this.appendPending();
      // Close the appender before the rename, so no later append reaches the renamed file.
      await this.appender?.close().catch(() => undefined);
      this.appender = undefined;
      if (!(await exists(this.path))) {
        this.filesMayExist = false;
        this.count = this.pending.length;
        return false;
      }
      await rename(this.path, this.replayPath);
      this.replayOffset = 0;
    }
    const file = await open(this.replayPath, 'r');
    this.reader = { file, lines: new LineReader(file, this.replayOffset) };
    return true;
  }

  private async appendPending(): Promise<void> {
    if (this.pending.length === 0) return;
    const entries = this.pending;
    this.pending = [];
    try {
      if (this.appender === undefined) {
        await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
        this.appender = await open(this.path, 'a', 0o600);
        // An existing file keeps its mode on open; make sure it is owner-only too.
        await this.appender.chmod(0o600);
      }
      await this.appender.appendFile(entries.map((e) => `${JSON.stringify(e)}\n`).join(''));
      this.filesMayExist = true;
      if (this.appendFailedAt !== 0) this.logger.info({ file: this.path }, 'ledger spill file writable again');
      this.appendFailedAt = 0;
    } catch (err) {
      // Rather than lose spend, hand the rows back to memory; the disk is tried again later.
      if (this.appendFailedAt === 0)
        this.logger.error({ file: this.path, err: safeErrorText(err) }, 'cannot write the ledger spill file; keeping rows in memory');
      this.appendFailedAt = Date.now();
      this.count = Math.max(0, this.count - entries.length);
      await this.appender?.close().catch(() => undefined);
      this.appender = undefined;
      this.onRefused(entries);
    }
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

/** Lines in a file, streamed (a spill can be large); a last line without a newline counts. */
async function countLines(path: string): Promise<number> {
  let lines = 0;
  let last = 0x0a;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    for (let i = chunk.indexOf(0x0a); i !== -1; i = chunk.indexOf(0x0a, i + 1)) lines++;
    if (chunk.length > 0) last = chunk[chunk.length - 1]!;
  }
  return last === 0x0a ? lines : lines + 1;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (err) {
    // ENOTDIR: a path component is a file, so nothing can be there.
    const code = (err as { code?: string }).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return false;
    throw err;
  }
}

/** A spill line back into an entry; null for anything that is not one (a line cut by a crash). */
export function parseEntry(text: string): LedgerEntry | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const e = value as Record<string, unknown>;
  for (const field of ['request_id', 'day', 'team_id', 'project_id', 'key_id', 'end_user', 'model', 'provider']) {
    if (typeof e[field] !== 'string') return null;
  }
  for (const field of ['time', 'usd', 'input_tokens', 'output_tokens', 'estimated']) {
    if (typeof e[field] !== 'number' || !Number.isFinite(e[field])) return null;
  }
  return value as LedgerEntry;
}
