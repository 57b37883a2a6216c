// Attribution: the methods the server offers with their parameters (defaults as the server's),
// the map drawn over the model's own log-mel input, its faithfulness beside it, and the evidence
// to listen to.

import {greys, magmaLike} from './colormap.js';
import {drawLegend, matrix, paint, range, transpose} from './heatmap.js';
import {decodeTensor} from './tensor.js';
import {percent} from './result-view.js';
import {wavFromBase64} from './audio.js';

/** Each method, the tasks it explains, and its parameters as [name, default, step]. */
const METHODS = [
  {name: 'occlusion', parameters: [['windowFrames', 10], ['windowMels', 8], ['strideFrames', 5], ['strideMels', 4]]},
  {name: 'rise', parameters: [['masks', 500], ['cellFrames', 10], ['cellMels', 8], ['keepProbability', 0.5, 0.05], ['seed', 0]]},
  {name: 'kernel-shap', parameters: [['samples', 300], ['cellFrames', 10], ['cellMels', 8], ['seed', 0]]},
  {name: 'cam', tasks: ['classification'], layerKinds: ['conv2d'], parameters: []},
  {name: 'score-cam', tasks: ['classification'], layerKinds: ['conv2d'], parameters: []},
  {name: 'attention', tasks: ['seq2seq'], layerKinds: ['cross-attention'], parameters: []},
  {name: 'attention-rollout', tasks: ['seq2seq'], layerKinds: ['cross-attention'], parameters: []},
];

/** What a parameter is called on the page: what it is, and its unit. */
const PARAMETER_LABELS = {
  windowFrames: 'window (frames)',
  windowMels: 'window (mel bins)',
  strideFrames: 'stride (frames)',
  strideMels: 'stride (mel bins)',
  masks: 'masks',
  cellFrames: 'cell (frames)',
  cellMels: 'cell (mel bins)',
  keepProbability: 'keep probability',
  samples: 'coalitions sampled',
  seed: 'random seed',
};

export function methodsFor(task) {
  return METHODS.filter((method) => !method.tasks || method.tasks.includes(task));
}

/** The inputs of one method's parameters, and a layer picker when it takes a layer. */
export function parameterInputs(method, manifestLayers) {
  const inputs = method.parameters.map(([name, value, step = 1]) => {
    const label = document.createElement('label');
    const input = document.createElement('input');
    Object.assign(input, {type: 'number', name, value, step, min: 0});
    label.append(`${PARAMETER_LABELS[name] ?? name} `, input);
    return label;
  });
  if (method.layerKinds) {
    const label = document.createElement('label');
    const select = document.createElement('select');
    select.name = 'layer';
    select.append(new Option('default', ''));
    manifestLayers.filter((layer) => method.layerKinds.includes(layer.kind))
        .forEach((layer) => select.append(new Option(layer.title ?? layer.tensor, layer.tensor)));
    label.append('layer ', select);
    inputs.push(label);
  }
  return inputs;
}

export class AttributionView {
  constructor({container, canvas, legend, caption, opacity, faithfulness, evidence}) {
    Object.assign(this, {container, canvas, legend, caption, opacity, faithfulness, evidence});
    this.evidenceUrls = [];
    opacity.addEventListener('input', () => this.repaint());
  }

  /** Draws the answer of POST .../attributions; `originalUrl` plays the audio it explains. */
  show(answer, originalUrl) {
    this.container.hidden = false;
    const {logMel} = answer;
    const frames = logMel.frames;
    const bins = logMel.melBins;
    const spectrum = decodeTensor(logMel.values);
    const map = decodeTensor(answer.map);
    this.base = matrix(transpose(spectrum, frames, bins), bins, frames, true);
    this.baseScale = range(spectrum);
    this.overlay = {values: transpose(map, frames, bins), scale: {low: 0, high: Math.max(1e-12, range(map).high)},
      colours: magmaLike};
    this.repaint();
    drawLegend(this.legend, magmaLike, this.overlay.scale, 'attribution (counts for the target)');
    this.caption.textContent = `${answer.method} for “${answer.target.label}” (probability ${percent(answer.targetProbability)}),`
        + ` prediction “${answer.prediction}”; ${frames} frames of ${(1000 * logMel.secondsPerFrame).toFixed(0)} ms`
        + ` × ${bins} mel bins, the model's own input in grey; map in ${answer.attributionMs.toFixed(0)} ms.`
        + (answer.segment ? ` Segment ${answer.segment.index} of ${answer.segment.count}, from`
          + ` ${answer.segment.startSeconds.toFixed(2)} s in the file.` : '');
    this.showFaithfulness(answer.faithfulness);
    this.showEvidence(answer.evidence, originalUrl);
  }

  repaint() {
    if (this.base) {
      paint(this.canvas, this.base, this.baseScale, greys, {...this.overlay, opacity: Number(this.opacity.value)});
    }
  }

  showFaithfulness(faithfulness) {
    this.faithfulness.replaceChildren();
    if (!faithfulness) {
      return;
    }
    const rows = [
      ['', 'this map', 'random order', ''],
      ['Deletion AUC', faithfulness.deletion.auc, faithfulness.randomDeletion.auc,
        faithfulness.deletion.auc < faithfulness.randomDeletion.auc ? 'lower: better than chance' : 'not below chance'],
      ['Insertion AUC', faithfulness.insertion.auc, faithfulness.randomInsertion.auc,
        faithfulness.insertion.auc > faithfulness.randomInsertion.auc ? 'higher: better than chance' : 'not above chance'],
    ];
    const caption = this.faithfulness.createCaption();
    caption.textContent = `Faithfulness over ${faithfulness.fractions.length - 1} steps`;
    rows.forEach((cells, index) => {
      const row = this.faithfulness.insertRow();
      cells.forEach((cell) => {
        const td = document.createElement(index === 0 ? 'th' : 'td');
        td.textContent = typeof cell === 'number' ? cell.toFixed(3) : cell;
        row.append(td);
      });
    });
  }

  showEvidence(evidence, originalUrl) {
    this.evidenceUrls.forEach((url) => URL.revokeObjectURL(url));
    this.evidenceUrls = [];
    this.evidence.replaceChildren(player('Original', originalUrl, ''));
    if (!evidence) {
      return;
    }
    for (const [title, audio] of [['Evidence only', evidence.kept], ['Evidence removed', evidence.removed]]) {
      const url = URL.createObjectURL(wavFromBase64(audio.wav, `${title}.wav`));
      this.evidenceUrls.push(url);
      const verdict = audio.keepsPrediction ? 'keeps the prediction' : 'changes the prediction';
      this.evidence.append(player(`${title} (top ${percent(evidence.fraction)} of cells)`, url,
          `heard as “${audio.prediction}”, ${verdict}; target probability ${percent(audio.targetProbability)}`));
    }
  }
}

function player(title, url, note) {
  const figure = document.createElement('figure');
  const caption = document.createElement('figcaption');
  caption.textContent = note ? `${title}: ${note}` : title;
  const audio = document.createElement('audio');
  audio.controls = true;
  audio.src = url;
  figure.append(caption, audio);
  return figure;
}
