// "Look inside": for the current model and audio, a layer's activations and an attribution map,
// with the choices (layer, method, target, parameters) on the page.

import {api} from './api.js';
import {AttributionView, methodsFor, parameterInputs} from './attribution-view.js';
import {drawLayer} from './layer-view.js';

export class InspectView {
  constructor({element, onError}) {
    this.element = element;
    this.onError = onError;
    this.model = null;
    this.audio = null;
    this.audioUrl = '';
    this.tokens = [];
    this.transcription = {text: '', label: undefined, segments: []};
    this.attribution = new AttributionView({container: element('attribution-result'), canvas: element('attribution'), legend: element('attribution-legend'),
      caption: element('attribution-caption'), opacity: element('overlay-opacity'),
      faithfulness: element('faithfulness'), evidence: element('evidence')});
    element('layer-form').addEventListener('submit', (event) => this.run(event, () => this.showActivations()));
    element('attribution-form').addEventListener('submit', (event) => this.run(event, () => this.showAttribution()));
    element('method').addEventListener('change', () => this.showMethodParameters());
    element('explain-segment').addEventListener('change', () => this.showTargets());
  }

  /** Lists the model's tensors (named ones first) and the methods that explain its task. */
  async useModel(model) {
    this.model = model;
    const picker = this.element('method');
    picker.replaceChildren(...methodsFor(model.task).map((method) => new Option(method.name, method.name)));
    this.showMethodParameters();
    this.useTranscription('', undefined);
    const layers = this.element('layer');
    layers.replaceChildren();
    try {
      const catalogue = await api.layers(model.id);
      const named = catalogue.layers.filter((layer) => layer.title);
      layers.append(group('Named in the manifest', named),
          group('Every tensor', catalogue.layers.filter((layer) => !layer.title)));
      this.element('layer-caption').textContent = `${catalogue.layers.length} tensors; pick one and show its activations.`;
    } catch (failure) {
      this.element('layer-caption').textContent = `This server does not list the model's layers: ${failure.message}`;
    }
  }

  useAudio(file, url) {
    this.audio = file;
    this.audioUrl = url;
  }

  /**
   * What the server transcribed: its text (or a classifier's label) and, for an uploaded file, its
   * segments, each of which can be explained as the utterance the server cut (segment=N).
   */
  useTranscription(text, label, segments = []) {
    this.transcription = {text, label, segments};
    const picker = this.element('explain-segment');
    picker.replaceChildren(new Option('the whole file', ''), ...segments.map((segment, index) =>
      new Option(`segment ${index}: “${segment.text}” (${segment.start.toFixed(2)}-${segment.end.toFixed(2)} s)`, index)));
    this.element('segment-hint').hidden = segments.length < 2;
    this.showTargets();
  }

  /** Targets: a classifier's labels (the prediction chosen), or the words by position of what is explained. */
  showTargets() {
    const {text, label, segments} = this.transcription;
    const segment = this.segment();
    const words = segment === undefined ? text : segments[segment].text;
    const picker = this.element('target');
    picker.replaceChildren(new Option('default', ''));
    this.tokens = words ? words.split(/\s+/) : [];
    if (this.model.task === 'classification') {
      this.model.labels.forEach((name, index) => picker.append(new Option(name, index, false, name === label)));
    } else {
      this.tokens.forEach((word, position) => picker.append(new Option(`${position}: ${word}`, position)));
    }
  }

  /** The segment chosen to explain; undefined for the whole file. */
  segment() {
    const value = this.element('explain-segment').value;
    return value === '' ? undefined : Number(value);
  }

  showMethodParameters() {
    const method = methodsFor(this.model.task).find((m) => m.name === this.element('method').value);
    this.element('method-parameters').replaceChildren(...parameterInputs(method, this.model.layers ?? []));
  }

  async showActivations() {
    const layer = this.element('layer').value;
    const answer = await api.activations(this.model.id, layer, this.requireAudio(), this.segment());
    drawLayer({panelsElement: this.element('layer-panels'), legend: this.element('layer-legend'),
      caption: this.element('layer-caption')}, answer.tensors[0], [...this.tokens, '<eos>']);
  }

  async showAttribution() {
    const form = new FormData(this.element('attribution-form'));
    const parameters = {method: this.element('method').value, target: this.element('target').value,
      segment: this.segment()};
    for (const [name, value] of form) {
      parameters[name] = value;
    }
    this.attribution.show(await api.attributions(this.model.id, parameters, this.requireAudio()), this.audioUrl);
  }

  requireAudio() {
    if (!this.audio) {
      throw new Error('There is no audio yet: upload a file or record one first.');
    }
    return this.audio;
  }

  /** Runs a form's action with its button disabled while the server works, errors shown. */
  async run(event, action) {
    event.preventDefault();
    const button = event.submitter;
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
    try {
      await action();
    } catch (failure) {
      this.onError(failure);
    } finally {
      button.disabled = false;
      button.removeAttribute('aria-busy');
    }
  }
}

function group(label, layers) {
  const optgroup = document.createElement('optgroup');
  optgroup.label = label;
  for (const layer of layers) {
    const name = layer.title ? `${layer.title} (${layer.tensor})` : `${layer.graph}: ${layer.tensor} (${layer.opType})`;
    optgroup.append(new Option(name, layer.tensor));
  }
  return optgroup;
}
