/** Reads a file line by line from a byte offset, knowing the byte offset after each line (to resume there). */
import type { FileHandle } from 'node:fs/promises';

const CHUNK_BYTES = 64 * 1024;
const NEWLINE = 0x0a;

/** A line and the file offset just past its newline. */
export interface Line {
  text: string;
  end: number;
}

/** Sequential reader over an open file; a last line without a newline (a write cut by a crash) is returned too. */
export class LineReader {
  private carry: Buffer = Buffer.alloc(0);
  /** File offset of carry[0]. */
  private carryStart: number;
  /** File offset of the next read. */
  private position: number;
  private eof = false;

  constructor(
    private readonly file: FileHandle,
    start: number,
  ) {
    this.carryStart = start;
    this.position = start;
  }

  /** The next line, or null at the end of the file. */
  async next(): Promise<Line | null> {
    for (;;) {
      const newline = this.carry.indexOf(NEWLINE);
      if (newline >= 0) return this.take(newline, newline + 1);
      if (this.eof) return this.carry.length > 0 ? this.take(this.carry.length, this.carry.length) : null;
      await this.fill();
    }
  }

  /** True when no line is left. */
  async exhausted(): Promise<boolean> {
    while (this.carry.length === 0 && !this.eof) await this.fill();
    return this.carry.length === 0;
  }

  private take(length: number, consumed: number): Line {
    const text = this.carry.subarray(0, length).toString('utf8');
    this.carryStart += consumed;
    this.carry = this.carry.subarray(consumed);
    return { text, end: this.carryStart };
  }

  private async fill(): Promise<void> {
    const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    const { bytesRead } = await this.file.read(chunk, 0, CHUNK_BYTES, this.position);
    if (bytesRead === 0) {
      this.eof = true;
      return;
    }
    this.position += bytesRead;
    this.carry = this.carry.length === 0 ? chunk.subarray(0, bytesRead) : Buffer.concat([this.carry, chunk.subarray(0, bytesRead)]);
  }
}
