// One layer's activations as pictures: a conv layer [N, C, T, F] as a grid of channel heatmaps
// (time along x, frequency up), attention [N, H, Q, K] as one query x key matrix per head (for
// cross-attention: tokens down, encoder time along x), any other tensor by the same rule: the batch
// axis dropped, the channel axis (the server's `channelAxis`) split into panels, time along x.
// Every panel of a layer shares one colour scale, so channels compare.

import {viridisLike} from './colormap.js';
import {drawLegend, matrix, paint, range} from './heatmap.js';
import {decodeTensor, strides} from './tensor.js';

const MAX_PANELS = 64;

/**
 * @param activation one entry of the activations answer's `tensors`
 * @param tokens for decoder tensors, the labels of their queries (the transcript's words, <eos>)
 */
export function drawLayer({panelsElement, legend, caption}, activation, tokens) {
  const values = decodeTensor(activation.values);
  const layer = activation.layer;
  const shape = activation.values.shape.map(Number);
  const plan = layout(layer, shape, activation.channelAxis);
  const scale = range(values);
  panelsElement.replaceChildren();
  const count = plan.panelAxis === undefined ? 1 : Math.min(MAX_PANELS, shape[plan.panelAxis]);
  for (let p = 0; p < count; p++) {
    const figure = document.createElement('figure');
    const canvas = document.createElement('canvas');
    canvas.width = plan.square ? 160 : 200;
    canvas.height = plan.square ? 160 : 100;
    canvas.className = 'panel';
    const label = plan.panelAxis === undefined ? layer.tensor : `${plan.panelName} ${p}`;
    canvas.setAttribute('aria-label', `${layer.tensor}, ${label}`);
    paint(canvas, panel(values, shape, plan, p), scale, viridisLike);
    const name = document.createElement('figcaption');
    name.textContent = label;
    figure.append(canvas, name);
    panelsElement.append(figure);
  }
  legend.hidden = false;
  drawLegend(legend, viridisLike, scale, 'activation');
  const shown = plan.panelAxis !== undefined && shape[plan.panelAxis] > count ? ` (the first ${count})` : '';
  const queries = plan.square && tokens.length > 0 && layer.graph === 'decoder' ? `; queries: ${tokens.join(', ')}` : '';
  caption.textContent = `${layer.title ?? layer.tensor}: shape [${shape.join(', ')}], ${count} ${plan.panelName}`
      + `${count === 1 ? '' : 's'}${shown}; ${plan.rowsName} up/down, ${plan.columnsName} across${queries}.`;
}

/** Which axis splits the panels and which become rows and columns. */
function layout(layer, shape, channelAxis) {
  const letters = layer.layout ?? '';
  let axes = shape.map((_, axis) => axis);
  if (axes.length > 1 && shape[0] === 1) {
    axes = axes.slice(1);
  }
  if (axes.length > 3) {
    throw new Error(`a tensor of shape [${shape.join(', ')}] has more axes than a grid of pictures shows`);
  }
  const panelAxis = axes.length === 3 ? channelAxis ?? axes[0] : undefined;
  const [first, second = first] = axes.filter((axis) => axis !== panelAxis);
  const lone = first === second;
  if (letters.includes('Q') && letters.includes('K')) {
    return {panelAxis, panelName: 'head', rows: letters.indexOf('Q'), columns: letters.indexOf('K'),
      rowsUp: false, square: true, rowsName: 'queries', columnsName: 'keys'};
  }
  const time = layer.timeAxis;
  if (!lone && (first === time || second === time)) {
    return {panelAxis, panelName: 'channel', rows: first === time ? second : first, columns: time,
      rowsUp: true, square: false, rowsName: 'features', columnsName: 'time'};
  }
  return {panelAxis, panelName: 'channel', rows: lone ? undefined : first, columns: second,
    rowsUp: false, square: false, rowsName: 'rows', columnsName: 'columns'};
}

function panel(values, shape, plan, index) {
  const stride = strides(shape);
  const rows = plan.rows === undefined ? 1 : shape[plan.rows];
  const columns = shape[plan.columns];
  const origin = plan.panelAxis === undefined ? 0 : index * stride[plan.panelAxis];
  const rowStride = plan.rows === undefined ? 0 : stride[plan.rows];
  const out = new Float32Array(rows * columns);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) {
      out[r * columns + c] = values[origin + r * rowStride + c * stride[plan.columns]];
    }
  }
  return matrix(out, rows, columns, plan.rowsUp);
}
