// Runs on the audio rendering thread: mixes the microphone's channels to mono and hands the samples
// to the page in chunks of CHUNK_SAMPLES (about 43 ms at 48 kHz), so the page sends a few dozen
// WebSocket frames a second rather than one per 128-sample render quantum. On "flush" the partly
// filled chunk goes too, marked last, so nothing recorded before Stop is lost.

const CHUNK_SAMPLES = 2048;

class PcmCapture extends AudioWorkletProcessor {
  constructor() {
    super();
    this.chunk = new Float32Array(CHUNK_SAMPLES);
    this.filled = 0;
    this.port.onmessage = (event) => {
      if (event.data === 'flush') {
        const rest = this.chunk.slice(0, this.filled);
        this.filled = 0;
        this.port.postMessage({samples: rest, last: true}, [rest.buffer]);
      }
    };
  }

  process(inputs) {
    const channels = inputs[0];
    if (channels.length === 0) {
      return true;
    }
    for (let i = 0; i < channels[0].length; i++) {
      let sum = 0;
      for (const channel of channels) {
        sum += channel[i];
      }
      this.chunk[this.filled++] = sum / channels.length;
      if (this.filled === CHUNK_SAMPLES) {
        this.port.postMessage({samples: this.chunk, last: false}, [this.chunk.buffer]);
        this.chunk = new Float32Array(CHUNK_SAMPLES);
        this.filled = 0;
      }
    }
    return true;
  }
}

registerProcessor('pcm-capture', PcmCapture);
