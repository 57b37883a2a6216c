// One live transcription: the microphone's samples go to /v1/stream as pcm_f32le frames while the
// server's partial and final results come back. The samples are also kept, so that the recording
// can be drawn, played and looked into once it stops.

import {apiKey} from './api.js';
import {Microphone} from './microphone.js';

const NORMAL_CLOSURE = 1000;

export class LiveSession {
  /**
   * @param listener {onPartial(text), onFinal(final), onError(error), onLevel(dBFS), onSpeech(heard),
   *     onSpeechProbability({start, step, values})}
   */
  static async start(model, listener) {
    const session = new LiveSession(listener);
    session.microphone = await Microphone.open((samples) => session.send(samples));
    session.connect(model);
    return session;
  }

  constructor(listener) {
    this.listener = listener;
    this.recorded = [];
    this.waiting = [];
    this.opened = false;
    this.failed = false;
  }

  get sampleRate() {
    return this.microphone.sampleRate;
  }

  connect(model) {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    // A browser cannot set headers on a WebSocket: the key travels as an offered subprotocol,
    // which the server checks like a header and never echoes (it answers zora.v1).
    const key = apiKey();
    const protocols = key ? ['zora.v1', `zora-key.${key}`] : ['zora.v1'];
    this.socket = new WebSocket(`${scheme}://${location.host}/v1/stream`, protocols);
    this.socket.binaryType = 'arraybuffer';
    this.closed = new Promise((resolve) => this.socket.addEventListener('close', resolve));
    this.socket.addEventListener('open', () => {
      this.opened = true;
      this.socket.send(JSON.stringify({type: 'start', model, sampleRate: this.sampleRate,
        encoding: 'pcm_f32le', channels: 1, interimResults: true, speechProbabilities: true}));
      this.waiting.forEach((samples) => this.socket.send(samples));
      this.waiting = [];
    });
    this.socket.addEventListener('message', ({data}) => this.receive(JSON.parse(data)));
    this.socket.addEventListener('close', (event) => this.reportClose(event));
  }

  /** Audio captured before the connection opened waits; the server reads every frame in order. */
  send(samples) {
    this.recorded.push(samples);
    this.listener.onLevel?.(levelDb(samples));
    if (this.socket.readyState === WebSocket.OPEN) {
      this.socket.send(samples);
    } else if (this.socket.readyState === WebSocket.CONNECTING) {
      this.waiting.push(samples);
    }
  }

  receive(message) {
    if (message.type === 'speech_start') {
      this.listener.onSpeech?.(true);
    } else if (message.type === 'speech_probability') {
      this.listener.onSpeechProbability?.(message);
    } else if (message.type === 'partial') {
      this.listener.onPartial(message.text);
    } else if (message.type === 'final') {
      this.listener.onSpeech?.(false);
      this.listener.onFinal(message);
    } else if (message.type === 'error') {
      this.fail(`The stream ended: ${message.message} (${message.code})`);
    }
  }

  reportClose({code, reason}) {
    if (code === NORMAL_CLOSURE) {
      return;
    }
    if (!this.opened) {
      this.fail('The server refused the stream before it opened. If it requires an API key, enter one'
          + ' in the API key field (the server checked the key offered with the stream).');
    } else {
      this.fail(`The stream closed unexpectedly (code ${code}${reason ? `: ${reason}` : ''}).`);
    }
  }

  fail(message) {
    if (!this.failed) {
      this.failed = true;
      this.listener.onError(new Error(message));
    }
  }

  /** Ends the stream: the server sends the last finals, then closes. Resolves to the recording. */
  async stop() {
    await this.microphone.close();
    if (this.socket.readyState === WebSocket.OPEN) {
      this.socket.send(JSON.stringify({type: 'stop'}));
    } else {
      this.socket.close();
    }
    await this.closed;
    return {samples: concatenate(this.recorded), sampleRate: this.sampleRate};
  }
}

/** The block's level in dBFS (mean square), floored at -100. */
function levelDb(samples) {
  let sum = 0;
  for (const x of samples) {
    sum += x * x;
  }
  return Math.max(-100, 10 * Math.log10(sum / Math.max(1, samples.length) + 1e-10));
}

function concatenate(chunks) {
  const all = new Float32Array(chunks.reduce((length, chunk) => length + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    all.set(chunk, offset);
    offset += chunk.length;
  }
  return all;
}
