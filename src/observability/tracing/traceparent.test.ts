import { describe, expect, it } from 'vitest';
import { formatTraceparent, parseTraceparent } from './traceparent.js';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN = '00f067aa0ba902b7';

describe('parseTraceparent', () => {
  it('reads a valid header, its sampled flag and the tracestate', () => {
    expect(parseTraceparent(`00-${TRACE}-${SPAN}-01`, 'a=1,b=2')).toEqual({ traceId: TRACE, spanId: SPAN, sampled: true, traceState: 'a=1,b=2' });
    expect(parseTraceparent(`00-${TRACE}-${SPAN}-00`)).toEqual({ traceId: TRACE, spanId: SPAN, sampled: false });
    expect(parseTraceparent(`00-${TRACE}-${SPAN}-03`)?.sampled).toBe(true);
  });

  it('accepts a later version with extra fields, as the spec asks', () => {
    expect(parseTraceparent(`01-${TRACE}-${SPAN}-01-future`)?.traceId).toBe(TRACE);
  });

  it.each([
    ['absent', undefined],
    ['repeated', [`00-${TRACE}-${SPAN}-01`, `00-${TRACE}-${SPAN}-01`]],
    ['upper case', `00-${TRACE.toUpperCase()}-${SPAN}-01`],
    ['zero trace id', `00-${'0'.repeat(32)}-${SPAN}-01`],
    ['zero span id', `00-${TRACE}-${'0'.repeat(16)}-01`],
    ['version ff', `ff-${TRACE}-${SPAN}-01`],
    ['version 00 with more fields', `00-${TRACE}-${SPAN}-01-extra`],
    ['short trace id', `00-${TRACE.slice(1)}-${SPAN}-01`],
    ['bad flags', `00-${TRACE}-${SPAN}-0x`],
    ['garbage', 'hello'],
  ])('refuses a header that is %s', (_name, header) => {
    expect(parseTraceparent(header as string | undefined)).toBeUndefined();
  });

  it('drops a tracestate with control characters', () => {
    expect(parseTraceparent(`00-${TRACE}-${SPAN}-01`, 'a=1\nb=2')?.traceState).toBeUndefined();
  });
});

describe('formatTraceparent', () => {
  it('writes version 00, sampled', () => {
    expect(formatTraceparent(TRACE, SPAN)).toBe(`00-${TRACE}-${SPAN}-01`);
    expect(parseTraceparent(formatTraceparent(TRACE, SPAN))).toEqual({ traceId: TRACE, spanId: SPAN, sampled: true });
  });
});
