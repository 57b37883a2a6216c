// The microphone as a source of mono float samples, captured by an AudioWorklet.

export class Microphone {
  /** Asks for the microphone and starts handing its samples (Float32Array chunks) to onSamples. */
  static async open(onSamples) {
    const stream = await navigator.mediaDevices.getUserMedia({
      audio: {echoCancellation: false, noiseSuppression: false, autoGainControl: false},
    });
    const context = new AudioContext();
    await context.audioWorklet.addModule(new URL('./pcm-capture-worklet.js', import.meta.url));
    const capture = new AudioWorkletNode(context, 'pcm-capture');
    // Chrome renders only nodes that lead to the destination; a muted gain keeps the worklet
    // running without playing the microphone back into the room.
    const mute = new GainNode(context, {gain: 0});
    context.createMediaStreamSource(stream).connect(capture).connect(mute).connect(context.destination);
    return new Microphone(stream, context, capture, onSamples);
  }

  constructor(stream, context, capture, onSamples) {
    Object.assign(this, {stream, context, capture});
    this.lastChunk = new Promise((resolve) => {
      capture.port.onmessage = ({data}) => {
        onSamples(data.samples);
        if (data.last) {
          resolve();
        }
      };
    });
  }

  get sampleRate() {
    return this.context.sampleRate;
  }

  /** Stops recording once every sample captured so far has been handed out. */
  async close() {
    this.stream.getTracks().forEach((track) => track.stop());
    this.capture.port.postMessage('flush');
    await this.lastChunk;
    await this.context.close();
  }
}
