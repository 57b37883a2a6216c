// The speech probability of the current audio, as the Silero VAD bundle hears it, drawn under the
// spectrogram on the same time axis: one step per 32 ms chunk, the threshold as a dashed line. While
// recording, the stream's own detector readings scroll by instead, the last LIVE_SECONDS of them.

import {api} from './api.js';
import {decodeTensor} from './tensor.js';

export const SPEECH_DETECTOR = 'silero-vad';
/** The bundle's vad.threshold: from it, a chunk starts speech. */
const THRESHOLD = 0.5;
/** How much of a live recording the strip shows: the most recent seconds. */
const LIVE_SECONDS = 10;

export class SpeechView {
  constructor({canvas, caption}) {
    Object.assign(this, {canvas, caption});
  }

  clear() {
    this.canvas.getContext('2d').clearRect(0, 0, this.canvas.width, this.canvas.height);
    this.caption.textContent = '';
    this.live = null;
  }

  /** A recording starts: its detector readings arrive with addLive. */
  startLive() {
    this.clear();
    this.live = {values: [], step: 0.032};
    this.caption.textContent = 'Speech probability while recording (the stream\'s speech detector): waiting for audio…';
  }

  /** One speech_probability message of the live stream. */
  addLive({step, values}) {
    if (!this.live) {
      return;
    }
    this.live.step = step;
    this.live.values.push(...values);
    const shown = Math.round(LIVE_SECONDS / step);
    const recent = this.live.values.slice(-shown);
    draw(this.canvas, recent, THRESHOLD, shown);
    const latest = recent[recent.length - 1];
    this.caption.textContent = `Speech probability while recording (the stream's speech detector), last `
        + `${LIVE_SECONDS} s: now ${latest.toFixed(2)}`;
  }

  /** Asks the detector about the file and draws its answer; `detector` is its /v1/models entry. */
  async show(detector, audio) {
    this.clear();
    if (!detector || detector.state === 'failed') {
      this.caption.textContent = `No speech probability: the ${SPEECH_DETECTOR} model is not loaded.`;
      return;
    }
    const answer = await api.activations(detector.id, 'output', audio);
    const probabilities = decodeTensor(answer.tensors[0].values);
    draw(this.canvas, probabilities, THRESHOLD);
    this.caption.textContent = `Speech probability (${detector.id}): ${answer.prediction}`;
  }
}

/** One bar per chunk; `slots` chunks fill the width (the live strip keeps its scale while it fills). */
function draw(canvas, probabilities, threshold, slots = probabilities.length) {
  const context = canvas.getContext('2d');
  const {width, height} = canvas;
  context.clearRect(0, 0, width, height);
  context.fillStyle = getComputedStyle(canvas).color;
  const step = width / Math.max(1, slots);
  probabilities.forEach((p, i) => {
    const top = height - p * height;
    context.fillRect(i * step, top, Math.max(1, step), height - top);
  });
  context.setLineDash([4, 4]);
  context.strokeStyle = getComputedStyle(canvas).borderColor || '#888';
  context.beginPath();
  context.moveTo(0, height - threshold * height);
  context.lineTo(width, height - threshold * height);
  context.stroke();
}
