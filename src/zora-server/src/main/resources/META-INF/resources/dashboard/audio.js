// Audio in the browser: any file the browser can decode becomes mono samples for drawing, and
// recorded samples become a WAV file the REST endpoints take.

/** Decodes a file (any format the browser knows) to mono samples at the browser's rate. */
export async function decodeToMono(file) {
  const context = new AudioContext();
  try {
    const buffer = await context.decodeAudioData(await file.arrayBuffer());
    return {samples: mixDown(buffer), sampleRate: buffer.sampleRate};
  } finally {
    await context.close();
  }
}

function mixDown(buffer) {
  const mono = new Float32Array(buffer.length);
  for (let channel = 0; channel < buffer.numberOfChannels; channel++) {
    const data = buffer.getChannelData(channel);
    for (let i = 0; i < data.length; i++) {
      mono[i] += data[i] / buffer.numberOfChannels;
    }
  }
  return mono;
}

/** A 16-bit PCM mono WAV file of the samples. */
export function wavFile(samples, sampleRate, name) {
  const bytes = new DataView(new ArrayBuffer(44 + 2 * samples.length));
  const text = (offset, value) => [...value].forEach((ch, i) => bytes.setUint8(offset + i, ch.charCodeAt(0)));
  text(0, 'RIFF');
  bytes.setUint32(4, 36 + 2 * samples.length, true);
  text(8, 'WAVE');
  text(12, 'fmt ');
  bytes.setUint32(16, 16, true);
  bytes.setUint16(20, 1, true);
  bytes.setUint16(22, 1, true);
  bytes.setUint32(24, sampleRate, true);
  bytes.setUint32(28, 2 * sampleRate, true);
  bytes.setUint16(32, 2, true);
  bytes.setUint16(34, 16, true);
  text(36, 'data');
  bytes.setUint32(40, 2 * samples.length, true);
  samples.forEach((v, i) => bytes.setInt16(44 + 2 * i, Math.max(-32768, Math.min(32767, Math.round(v * 32768))), true));
  return new File([bytes.buffer], name, {type: 'audio/wav'});
}

/** A WAV file from base64, as the evidence audio comes. */
export function wavFromBase64(base64, name) {
  const bytes = Uint8Array.from(atob(base64), (ch) => ch.charCodeAt(0));
  return new File([bytes], name, {type: 'audio/wav'});
}
