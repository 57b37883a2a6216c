// Perceptually uniform colour maps, computed rather than copied: each is a path through OKLab
// (Björn Ottosson, 2020) whose lightness rises evenly from one end to the other, so equal steps in
// value look like equal steps in colour, and the map still reads in greyscale. "viridis-like" runs
// from dark blue-violet through teal to yellow, "magma-like" from near-black through purple and red
// to pale yellow, "greys" is the same walk without colour.

const ENTRIES = 256;

/** A colour map: 256 entries of [r, g, b] in 0..255, lowest value first. */
export const viridisLike = ramp({lightness: [0.27, 0.93], chroma: [0.11, 0.17], hueDegrees: [295, 105]});
export const magmaLike = ramp({lightness: [0.12, 0.97], chroma: [0.06, 0.16], hueDegrees: [290, 450]});
/** Neutral grey, evenly lighter: the picture under an overlay. */
export const greys = ramp({lightness: [0.1, 0.95], chroma: [0, 0], hueDegrees: [0, 0]});

/** The entry for a value already scaled to 0..1 (clamped). */
export function colourAt(map, fraction) {
  const index = Math.round(Math.min(1, Math.max(0, fraction)) * (ENTRIES - 1));
  return map[index];
}

function ramp({lightness, chroma, hueDegrees}) {
  const map = [];
  for (let i = 0; i < ENTRIES; i++) {
    const t = i / (ENTRIES - 1);
    const l = lerp(lightness, t);
    // Chroma peaks mid-way; both ends are near the grey axis, where sRGB has least room.
    const c = lerp(chroma, t) * Math.sin(Math.PI * (0.15 + 0.7 * t));
    const h = (lerp(hueDegrees, t) * Math.PI) / 180;
    map.push(inGamut(l, c, h));
  }
  return map;
}

function lerp([from, to], t) {
  return from + (to - from) * t;
}

/** The colour of this lightness and hue with the chroma asked, or the most of it sRGB can show. */
function inGamut(l, chroma, hue) {
  const at = (c) => linearSrgb(l, c * Math.cos(hue), c * Math.sin(hue));
  const fits = (rgb) => rgb.every((v) => v >= 0 && v <= 1);
  let rgb = at(chroma);
  if (!fits(rgb)) {
    let low = 0;
    let high = chroma;
    rgb = at(0);
    for (let step = 0; step < 20; step++) {
      const c = (low + high) / 2;
      const candidate = at(c);
      if (fits(candidate)) {
        low = c;
        rgb = candidate;
      } else {
        high = c;
      }
    }
  }
  return rgb.map((v) => Math.round(255 * srgbTransfer(Math.min(1, Math.max(0, v)))));
}

function linearSrgb(L, a, b) {
  const l = (L + 0.3963377774 * a + 0.2158037573 * b) ** 3;
  const m = (L - 0.1055613458 * a - 0.0638541728 * b) ** 3;
  const s = (L - 0.0894841775 * a - 1.291485548 * b) ** 3;
  return [
    4.0767416621 * l - 3.3077115913 * m + 0.2309699292 * s,
    -1.2684380046 * l + 2.6097574011 * m - 0.3413193965 * s,
    -0.0041960863 * l - 0.7034186147 * m + 1.707614701 * s,
  ];
}

function srgbTransfer(v) {
  return v <= 0.0031308 ? 12.92 * v : 1.055 * v ** (1 / 2.4) - 0.055;
}
