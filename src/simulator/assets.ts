/**
 * Static assets the simulator serves for tests and demos: a small PNG at /images/pixel.png,
 * so image-URL requests can be exercised without the internet.
 */
import type { SimRoute } from './route.js';

/** A valid 1x1 red PNG. */
export const PIXEL_PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';

const PIXEL = Buffer.from(PIXEL_PNG_BASE64, 'base64');

/** Asset routes. */
export const assetRoutes: SimRoute[] = [
  {
    method: 'GET',
    pattern: /^\/images\/pixel\.png$/,
    handle: (_req, res) => res.raw(200, PIXEL, { 'content-type': 'image/png' }),
  },
];
