// The official OpenAI SDK, both majors (6.x as `openai`, 7.x as `openai7`), pointed at Zora with
// nothing but its base URL and API key changed, must transcribe a golden clip of the digits-cnn
// bundle in every response format, with logprobs and streamed (stream: true), show Zora's sentence
// for every error case, and have a wrong key refused.
// Usage: ZORA_URL=http://127.0.0.1:8080 ZORA_API_KEY=<a key the server accepts> node check.mjs <wav> <expected text>
import fs from 'node:fs';
import assert from 'node:assert/strict';
import * as sdk6 from 'openai';
import * as sdk7 from 'openai7';

const [wav, expected] = process.argv.slice(2);
if (!wav || !expected || !process.env.ZORA_API_KEY) {
  console.error('usage: ZORA_URL=http://127.0.0.1:PORT ZORA_API_KEY=KEY node check.mjs <wav> <expected text>');
  process.exit(2);
}
const baseURL = `${process.env.ZORA_URL ?? 'http://127.0.0.1:8080'}/v1`;

async function check(label, { default: OpenAI, toFile }) {
  const client = new OpenAI({ baseURL, apiKey: process.env.ZORA_API_KEY });
  const transcribe = (options) => client.audio.transcriptions.create({
    file: fs.createReadStream(wav), model: 'digits-cnn', ...options,
  });

  const json = await transcribe({});
  assert.equal(json.text, expected, `${label} json: ${JSON.stringify(json)}`);

  const withLogprobs = await transcribe({ include: ['logprobs'] });
  assert.equal(withLogprobs.logprobs.map((l) => l.token).join(''), expected, JSON.stringify(withLogprobs));
  assert.ok(withLogprobs.logprobs.every((l) => l.logprob <= 0), 'logprobs are logs of probabilities');

  const verbose = await transcribe({ response_format: 'verbose_json', timestamp_granularities: ['segment', 'word'] });
  assert.equal(verbose.text, expected, `${label} verbose_json: ${JSON.stringify(verbose)}`);
  assert.equal(verbose.segments[0].text, expected);
  assert.ok(verbose.duration > 0, 'verbose_json has a duration');
  assert.ok(verbose.segments[0].no_speech_prob >= 0 && verbose.segments[0].no_speech_prob < 0.5, 'a spoken digit');
  assert.ok(verbose.segments[0].compression_ratio > 0);
  assert.equal(verbose.words[0].word, expected);

  const text = await transcribe({ response_format: 'text' });
  assert.equal(typeof text, 'string', `${label} text: ${JSON.stringify(text)}`);
  assert.equal(text.trim(), expected);
  const srt = await transcribe({ response_format: 'srt' });
  assert.match(srt, new RegExp(`^1\\n00:00:00,000 --> 00:00:\\d\\d,\\d{3}\\n${expected}\\n`), `${label} srt: ${srt}`);
  const vtt = await transcribe({ response_format: 'vtt' });
  assert.match(vtt, new RegExp(`^WEBVTT\\n\\n00:00:00\\.000 --> 00:00:\\d\\d\\.\\d{3}\\n${expected}\\n`), `${label} vtt: ${vtt}`);

  // stream: true gives OpenAI's server-sent events, which the SDK's async iterator yields.
  const events = [];
  for await (const event of await transcribe({ stream: true, include: ['logprobs'] })) {
    events.push(event);
  }
  assert.deepEqual(events.map((e) => e.type), ['transcript.text.delta', 'transcript.text.done'], JSON.stringify(events));
  assert.equal(events[0].delta, expected);
  assert.equal(events[0].logprobs[0].token, expected);
  assert.equal(events[1].text, expected);

  // Errors reach the SDK user with Zora's sentence (OpenAI's error JSON, not problem+json, which the
  // SDK shows as "404 status code (no body)").
  await assert.rejects(transcribe({ model: 'no-such-model' }),
    (error) => error instanceof OpenAI.NotFoundError && error.message.includes('no-such-model')
      && error.code === 'model_not_found' && error.param === 'model',
    'an unknown model is a 404 that says which');
  await assert.rejects(transcribe({ response_format: 'xml' }),
    (error) => error instanceof OpenAI.BadRequestError && error.message.includes('verbose_json'),
    'an unknown response_format is a 400 listing the known ones');
  await assert.rejects(transcribe({ language: 'fr' }),
    (error) => error instanceof OpenAI.BadRequestError && error.message.includes('English'),
    'a language the models do not speak is a 400 naming the one they do');
  await assert.rejects(transcribe({ response_format: 'srt', stream: true }),
    (error) => error instanceof OpenAI.BadRequestError && error.message.includes('json or text'),
    'stream with srt is a 400');
  await assert.rejects(
    client.audio.transcriptions.create({ file: await toFile(Buffer.from('not audio at all'), 'x.wav'), model: 'digits-cnn' }),
    (error) => error.status === 415 && error.message.length > 20 && !error.message.includes('no body'),
    'bytes that are no audio are a 415 with its reason');
  await assert.rejects(
    client.audio.transcriptions.create({ file: await toFile(Buffer.from('RIFF\0\0\0\0WAVEfmt '), 'cut.wav'), model: 'digits-cnn' }),
    (error) => error.status === 422 && !error.message.includes('no body'),
    'a WAV cut inside its header is a 422 with its reason');

  // The key check answers before it reads the body: a body that leaves in one write cannot still be
  // on its way when the 401 closes the exchange (a larger one sometimes surfaced as a connection error).
  await assert.rejects(
    new OpenAI({ baseURL, apiKey: `not-${process.env.ZORA_API_KEY}` }).audio.transcriptions.create({
      file: await toFile(Buffer.from('RIFF'), 'tiny.wav'), model: 'digits-cnn',
    }),
    (error) => error instanceof OpenAI.AuthenticationError && error.status === 401,
    'a wrong API key is a 401');

  const models = await client.models.list();
  assert.ok(models.data.some((m) => m.id === 'digits-cnn' && m.created > 0), JSON.stringify(models.data));

  console.log(`OpenAI SDK ${label} check passed: json (with logprobs), verbose_json, text, srt, vtt and stream all`
    + ` heard "${expected}"; errors carried their message; a wrong key was refused`);
}

await check('6.x', sdk6);
await check('7.x', sdk7);
