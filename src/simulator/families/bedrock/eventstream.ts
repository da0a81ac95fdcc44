/**
 * AWS event-stream message encoder for the simulator, written from the wire spec (prelude,
 * string headers, payload, two CRC-32s) and independent of the gateway's decoder, so a framing
 * bug on either side shows up as a failing round trip.
 */
import { crc32 } from 'node:zlib';

const STRING_TYPE = 7;

/** Encodes one message with string headers (the only kind Bedrock sends), in the given order. */
export function encodeMessage(headers: ReadonlyArray<readonly [string, string]>, payload: string | Uint8Array): Uint8Array {
  const body = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : Buffer.from(payload);
  const headerParts: Buffer[] = [];
  for (const [name, value] of headers) {
    const nameBytes = Buffer.from(name, 'utf8');
    const valueBytes = Buffer.from(value, 'utf8');
    const part = Buffer.alloc(1 + nameBytes.length + 1 + 2 + valueBytes.length);
    part.writeUInt8(nameBytes.length, 0);
    nameBytes.copy(part, 1);
    part.writeUInt8(STRING_TYPE, 1 + nameBytes.length);
    part.writeUInt16BE(valueBytes.length, 2 + nameBytes.length);
    valueBytes.copy(part, 4 + nameBytes.length);
    headerParts.push(part);
  }
  const headerBlock = Buffer.concat(headerParts);
  const total = 12 + headerBlock.length + body.length + 4;
  const out = Buffer.alloc(total);
  out.writeUInt32BE(total, 0);
  out.writeUInt32BE(headerBlock.length, 4);
  out.writeUInt32BE(crc32(out.subarray(0, 8)), 8);
  headerBlock.copy(out, 12);
  body.copy(out, 12 + headerBlock.length);
  // The message CRC covers everything before it, the prelude CRC included.
  out.writeUInt32BE(crc32(out.subarray(0, total - 4)), total - 4);
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

/** An `event` message in the header order Bedrock uses. */
export function eventMessage(eventType: string, payload: unknown): Uint8Array {
  return encodeMessage(
    [
      [':event-type', eventType],
      [':content-type', 'application/json'],
      [':message-type', 'event'],
    ],
    JSON.stringify(payload),
  );
}

/** A modeled `exception` message (e.g. throttlingException); the stream ends after it. */
export function exceptionMessage(exceptionType: string, message: string): Uint8Array {
  return encodeMessage(
    [
      [':exception-type', exceptionType],
      [':content-type', 'application/json'],
      [':message-type', 'exception'],
    ],
    JSON.stringify({ message }),
  );
}
