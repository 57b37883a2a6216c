// The waveform and log-mel spectrogram of the current audio, one time axis for both, with a cursor
// that follows the player; clicking or pressing arrow keys on either picture moves the player.

import {viridisLike} from './colormap.js';
import {drawLegend, matrix, paint, range, transpose} from './heatmap.js';
import {logMel} from './logmel.js';

const SEEK_STEP_SECONDS = 0.1;
/** Colours span the loudest cell down to 12 nepers (about 52 dB) below it; quieter is all dark. */
const SHOWN_RANGE = 12;

export class SignalView {
  constructor({waveform, spectrogram, legend, cursor, timeEnd, player}) {
    Object.assign(this, {waveform, spectrogram, legend, cursor, timeEnd, player});
    this.duration = 0;
    for (const canvas of [waveform, spectrogram]) {
      canvas.tabIndex = 0;
      canvas.addEventListener('click', (event) => this.seekTo(this.timeAt(event, canvas)));
      canvas.addEventListener('keydown', (event) => this.seekByKey(event));
    }
    player.addEventListener('timeupdate', () => this.moveCursor());
    player.addEventListener('seeked', () => this.moveCursor());
    player.addEventListener('play', () => this.followPlayback());
  }

  /** Shows nothing: no audio yet, or the last audio was replaced by one that could not be drawn. */
  clear() {
    this.duration = 0;
    this.timeEnd.textContent = '';
    this.cursor.hidden = true;
    for (const canvas of [this.waveform, this.spectrogram, this.legend]) {
      canvas.getContext('2d').clearRect(0, 0, canvas.width, canvas.height);
    }
  }

  /** Draws the audio; `maxHz` limits the spectrogram to the band the model hears. */
  show({samples, sampleRate}, maxHz) {
    this.duration = samples.length / sampleRate;
    this.timeEnd.textContent = `${this.duration.toFixed(2)} s`;
    drawWaveform(this.waveform, samples);
    const spectrum = logMel(samples, sampleRate, maxHz);
    const image = matrix(transpose(spectrum.values, spectrum.frames, spectrum.melBins),
        spectrum.melBins, spectrum.frames, true);
    const loudest = range(spectrum.values).high;
    const scale = {low: loudest - SHOWN_RANGE, high: loudest};
    paint(this.spectrogram, image, scale, viridisLike);
    drawLegend(this.legend, viridisLike, scale, `log mel energy, 20–${Math.round(Math.min(maxHz, sampleRate / 2))} Hz`);
    this.moveCursor();
  }

  timeAt(event, canvas) {
    const box = canvas.getBoundingClientRect();
    return ((event.clientX - box.left) / box.width) * this.duration;
  }

  seekByKey(event) {
    const step = {ArrowLeft: -SEEK_STEP_SECONDS, ArrowRight: SEEK_STEP_SECONDS}[event.key];
    if (step !== undefined) {
      event.preventDefault();
      this.seekTo(this.player.currentTime + step);
    }
  }

  seekTo(seconds) {
    if (this.duration > 0) {
      this.player.currentTime = Math.min(this.duration, Math.max(0, seconds));
      this.moveCursor();
    }
  }

  moveCursor() {
    this.cursor.hidden = this.duration === 0;
    const fraction = this.duration > 0 ? Math.min(1, this.player.currentTime / this.duration) : 0;
    this.cursor.style.left = `${(100 * fraction).toFixed(3)}%`;
  }

  /** timeupdate fires only a few times a second: while playing, the cursor follows every frame. */
  followPlayback() {
    const step = () => {
      this.moveCursor();
      if (!this.player.paused) {
        requestAnimationFrame(step);
      }
    };
    requestAnimationFrame(step);
  }
}

/** Per pixel column, the lowest and highest sample it covers, as a vertical line. */
function drawWaveform(canvas, samples) {
  const context = canvas.getContext('2d');
  const {width, height} = canvas;
  context.clearRect(0, 0, width, height);
  context.fillStyle = getComputedStyle(canvas).color;
  const perColumn = samples.length / width;
  const extremes = range(samples);
  const peak = Math.max(1e-6, -extremes.low, extremes.high);
  for (let x = 0; x < width; x++) {
    let low = 0;
    let high = 0;
    for (let i = Math.floor(x * perColumn); i < Math.min(samples.length, Math.floor((x + 1) * perColumn) + 1); i++) {
      low = Math.min(low, samples[i]);
      high = Math.max(high, samples[i]);
    }
    const top = height / 2 - (high / peak) * (height / 2);
    const bottom = height / 2 - (low / peak) * (height / 2);
    context.fillRect(x, top, 1, Math.max(1, bottom - top));
  }
}
