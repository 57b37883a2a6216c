// The official OpenAI SDK, pointed at Zora with nothing but its base URL and API key changed, must
// transcribe a golden clip of the digits-cnn bundle in the json, verbose_json and text response
// formats and streamed (stream: true), its key passing Zora's API-key check and a wrong key being refused.
// Usage: ZORA_URL=http://127.0.0.1:8080 ZORA_API_KEY=<a key the server accepts> node check.mjs <wav> <expected text>
import fs from 'node:fs';
import assert from 'node:assert/strict';
import OpenAI, { toFile } from 'openai';

const [wav, expected] = process.argv.slice(2);
if (!wav || !expected || !process.env.ZORA_API_KEY) {
  console.error('usage: ZORA_URL=http://127.0.0.1:PORT ZORA_API_KEY=KEY node check.mjs <wav> <expected text>');
  process.exit(2);
}
const baseURL = `${process.env.ZORA_URL ?? 'http://127.0.0.1:8080'}/v1`;
const client = new OpenAI({ baseURL, apiKey: process.env.ZORA_API_KEY });

const json = await client.audio.transcriptions.create({ file: fs.createReadStream(wav), model: 'digits-cnn' });
assert.equal(json.text, expected, `json: ${JSON.stringify(json)}`);

const verbose = await client.audio.transcriptions.create({
  file: fs.createReadStream(wav),
  model: 'digits-cnn',
  response_format: 'verbose_json',
  timestamp_granularities: ['segment', 'word'],
});
assert.equal(verbose.text, expected, `verbose_json: ${JSON.stringify(verbose)}`);
assert.equal(verbose.segments[0].text, expected);
assert.ok(verbose.duration > 0, 'verbose_json has a duration');
assert.equal(verbose.words[0].word, expected);

const text = await client.audio.transcriptions.create({
  file: fs.createReadStream(wav),
  model: 'digits-cnn',
  response_format: 'text',
});
assert.equal(typeof text, 'string', `text: ${JSON.stringify(text)}`);
assert.equal(text.trim(), expected);

// stream: true gives OpenAI's server-sent events, which the SDK's async iterator yields.
const events = [];
for await (const event of await client.audio.transcriptions.create({
  file: fs.createReadStream(wav), model: 'digits-cnn', stream: true,
})) {
  events.push(event);
}
assert.deepEqual(events.map((e) => e.type), ['transcript.text.delta', 'transcript.text.done'], JSON.stringify(events));
assert.equal(events[0].delta, expected);
assert.equal(events[1].text, expected);

// Errors reach the SDK user with Zora's sentence (OpenAI's error JSON, not problem+json, which the
// SDK shows as "404 status code (no body)").
await assert.rejects(
  client.audio.transcriptions.create({ file: fs.createReadStream(wav), model: 'no-such-model' }),
  (error) => error instanceof OpenAI.NotFoundError && error.message.includes('no-such-model')
    && error.code === 'model_not_found' && error.param === 'model',
  'an unknown model is a 404 that says which',
);
await assert.rejects(
  client.audio.transcriptions.create({ file: fs.createReadStream(wav), model: 'digits-cnn', response_format: 'xml' }),
  (error) => error instanceof OpenAI.BadRequestError && error.message.includes('verbose_json'),
  'an unknown response_format is a 400 listing the known ones',
);
await assert.rejects(
  client.audio.transcriptions.create({ file: await toFile(Buffer.from('not audio at all'), 'x.wav'), model: 'digits-cnn' }),
  (error) => error.status === 415 && error.message.length > 20 && !error.message.includes('no body'),
  'bytes that are no audio are a 415 with its reason',
);

// The key check answers before it reads the body: a body that leaves in one write cannot still be
// on its way when the 401 closes the exchange (a larger one sometimes surfaced as a connection error).
await assert.rejects(
  new OpenAI({ baseURL, apiKey: `not-${process.env.ZORA_API_KEY}` }).audio.transcriptions.create({
    file: await toFile(Buffer.from('RIFF'), 'tiny.wav'), model: 'digits-cnn',
  }),
  (error) => error instanceof OpenAI.AuthenticationError && error.status === 401,
  'a wrong API key is a 401',
);

console.log(`OpenAI SDK check passed: json, verbose_json, text and stream all heard "${expected}"; errors carried their message; a wrong key was refused`);
