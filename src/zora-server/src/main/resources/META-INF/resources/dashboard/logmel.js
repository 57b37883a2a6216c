// The log-mel spectrogram the dashboard draws for any audio, computed in the browser: a Hann
// windowed STFT, a triangular mel filterbank (HTK mel scale) and the natural log. It is a picture
// of the audio for people, at the browser's sample rate, limited to the band the model hears;
// what the model itself saw comes from the server with each look inside (`logMel`).

const WINDOW_SECONDS = 0.025;
const HOP_SECONDS = 0.01;
const MEL_BINS = 64;
const MIN_HZ = 20;
const LOG_OFFSET = 1e-6;

/**
 * @param {Float32Array} samples mono
 * @returns {{values: Float32Array, frames: number, melBins: number, secondsPerFrame: number}}
 *   values time-major: frame f, bin m at f * melBins + m
 */
export function logMel(samples, sampleRate, maxHz) {
  const windowSamples = Math.round(WINDOW_SECONDS * sampleRate);
  const hopSamples = Math.round(HOP_SECONDS * sampleRate);
  const fftSize = 2 ** Math.ceil(Math.log2(windowSamples));
  const frames = Math.max(1, 1 + Math.floor((samples.length - windowSamples) / hopSamples));
  const filters = melFilters(fftSize, sampleRate, MIN_HZ, Math.min(maxHz, sampleRate / 2));
  const window = hann(windowSamples);
  const values = new Float32Array(frames * MEL_BINS);
  const real = new Float64Array(fftSize);
  const imaginary = new Float64Array(fftSize);
  for (let f = 0; f < frames; f++) {
    real.fill(0);
    imaginary.fill(0);
    const offset = f * hopSamples;
    for (let i = 0; i < windowSamples && offset + i < samples.length; i++) {
      real[i] = samples[offset + i] * window[i];
    }
    fft(real, imaginary);
    for (let m = 0; m < MEL_BINS; m++) {
      let energy = 0;
      for (const [bin, weight] of filters[m]) {
        energy += weight * (real[bin] * real[bin] + imaginary[bin] * imaginary[bin]);
      }
      values[f * MEL_BINS + m] = Math.log(energy + LOG_OFFSET);
    }
  }
  return {values, frames, melBins: MEL_BINS, secondsPerFrame: hopSamples / sampleRate};
}

function hann(length) {
  const window = new Float64Array(length);
  for (let i = 0; i < length; i++) {
    window[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / length);
  }
  return window;
}

const hzToMel = (hz) => 2595 * Math.log10(1 + hz / 700);
const melToHz = (mel) => 700 * (10 ** (mel / 2595) - 1);

/** Per mel bin, its [fft bin, weight] pairs: triangles evenly spaced on the mel scale. */
function melFilters(fftSize, sampleRate, minHz, maxHz) {
  const edges = [];
  for (let i = 0; i < MEL_BINS + 2; i++) {
    const mel = hzToMel(minHz) + ((hzToMel(maxHz) - hzToMel(minHz)) * i) / (MEL_BINS + 1);
    edges.push(melToHz(mel));
  }
  const filters = [];
  for (let m = 0; m < MEL_BINS; m++) {
    const [low, centre, high] = [edges[m], edges[m + 1], edges[m + 2]];
    const weights = [];
    for (let bin = 0; bin <= fftSize / 2; bin++) {
      const hz = (bin * sampleRate) / fftSize;
      const weight = hz < centre ? (hz - low) / (centre - low) : (high - hz) / (high - centre);
      if (weight > 0) {
        weights.push([bin, weight]);
      }
    }
    filters.push(weights);
  }
  return filters;
}

/** In-place iterative radix-2 FFT; the length must be a power of two. */
function fft(real, imaginary) {
  const n = real.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) {
      j ^= bit;
    }
    j ^= bit;
    if (i < j) {
      [real[i], real[j]] = [real[j], real[i]];
      [imaginary[i], imaginary[j]] = [imaginary[j], imaginary[i]];
    }
  }
  for (let size = 2; size <= n; size <<= 1) {
    const angle = (-2 * Math.PI) / size;
    for (let start = 0; start < n; start += size) {
      for (let k = 0; k < size / 2; k++) {
        const cos = Math.cos(angle * k);
        const sin = Math.sin(angle * k);
        const a = start + k;
        const b = a + size / 2;
        const tr = real[b] * cos - imaginary[b] * sin;
        const ti = real[b] * sin + imaginary[b] * cos;
        real[b] = real[a] - tr;
        imaginary[b] = imaginary[a] - ti;
        real[a] += tr;
        imaginary[a] += ti;
      }
    }
  }
}
