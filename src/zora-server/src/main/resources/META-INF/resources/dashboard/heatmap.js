// Draws matrices as heatmaps, an optional second matrix as a translucent overlay, and legends.

import {colourAt} from './colormap.js';

/**
 * A matrix of `rows` x `columns` values, row-major. `rowsUp`: row 0 is drawn at the bottom (a
 * frequency axis); otherwise at the top (a matrix of queries and keys).
 */
export function matrix(values, rows, columns, rowsUp = false) {
  return {values, rows, columns, rowsUp};
}

/** The smallest and largest finite value. */
export function range(values) {
  let low = Infinity;
  let high = -Infinity;
  for (const v of values) {
    if (Number.isFinite(v)) {
      low = Math.min(low, v);
      high = Math.max(high, v);
    }
  }
  return low <= high ? {low, high} : {low: 0, high: 1};
}

/**
 * Paints the matrix over the whole canvas with the colour map, scaled from `scale.low` to
 * `scale.high`. With an `overlay` (a matrix of the same size, its own scale and colour map), each
 * cell's overlay colour is blended over it with opacity growing with the overlay value, so cells
 * the overlay rates low leave the picture below visible.
 */
export function paint(canvas, base, scale, colours, overlay) {
  const image = cellImage(base, scale, colours, overlay);
  const scratch = new OffscreenCanvas(base.columns, base.rows);
  scratch.getContext('2d').putImageData(image, 0, 0);
  const context = canvas.getContext('2d');
  context.imageSmoothingEnabled = false;
  context.clearRect(0, 0, canvas.width, canvas.height);
  context.drawImage(scratch, 0, 0, canvas.width, canvas.height);
}

function cellImage(base, scale, colours, overlay) {
  const image = new ImageData(base.columns, base.rows);
  const span = scale.high - scale.low || 1;
  const overlaySpan = overlay ? overlay.scale.high - overlay.scale.low || 1 : 1;
  for (let r = 0; r < base.rows; r++) {
    const y = base.rowsUp ? base.rows - 1 - r : r;
    for (let c = 0; c < base.columns; c++) {
      const cell = r * base.columns + c;
      let [red, green, blue] = colourAt(colours, (base.values[cell] - scale.low) / span);
      if (overlay) {
        const strength = Math.max(0, (overlay.values[cell] - overlay.scale.low) / overlaySpan);
        const [or, og, ob] = colourAt(overlay.colours, strength);
        const alpha = overlay.opacity * strength;
        red = red * (1 - alpha) + or * alpha;
        green = green * (1 - alpha) + og * alpha;
        blue = blue * (1 - alpha) + ob * alpha;
      }
      const pixel = 4 * (y * base.columns + c);
      image.data.set([red, green, blue, 255], pixel);
    }
  }
  return image;
}

/** A horizontal colour bar with the values at its ends and its name. */
export function drawLegend(canvas, colours, scale, name) {
  const context = canvas.getContext('2d');
  const barHeight = 14;
  context.clearRect(0, 0, canvas.width, canvas.height);
  for (let x = 0; x < canvas.width; x++) {
    const [r, g, b] = colourAt(colours, x / (canvas.width - 1));
    context.fillStyle = `rgb(${r},${g},${b})`;
    context.fillRect(x, 0, 1, barHeight);
  }
  context.fillStyle = getComputedStyle(canvas).color;
  context.font = '12px system-ui, sans-serif';
  context.textBaseline = 'top';
  context.textAlign = 'left';
  context.fillText(formatValue(scale.low), 0, barHeight + 4);
  context.textAlign = 'center';
  context.fillText(name, canvas.width / 2, barHeight + 4);
  context.textAlign = 'right';
  context.fillText(formatValue(scale.high), canvas.width, barHeight + 4);
}

function formatValue(value) {
  return Math.abs(value) >= 100 || value === 0 ? value.toFixed(0) : value.toPrecision(3);
}

/** The same values with rows and columns swapped: time-major tensors become time-along-x images. */
export function transpose(values, rows, columns) {
  const out = new Float32Array(values.length);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) {
      out[c * rows + r] = values[r * columns + c];
    }
  }
  return out;
}
