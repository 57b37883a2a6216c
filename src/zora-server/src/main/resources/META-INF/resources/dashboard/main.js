// The dashboard page: wires the controls to the server and to the views.

import {api, apiKey, setApiKey} from './api.js';
import {decodeToMono, wavFile} from './audio.js';
import {InspectView} from './inspect-view.js';
import {LiveSession} from './live-session.js';
import {ResultView} from './result-view.js';
import {SignalView} from './signal-view.js';
import {SPEECH_DETECTOR, SpeechView} from './speech-view.js';

const element = (id) => document.getElementById(id);
const player = element('player');
const models = new Map();
let playerUrl = '';
let live = null;

const signal = new SignalView({waveform: element('waveform'), spectrogram: element('spectrogram'),
  legend: element('spectrogram-legend'), cursor: element('cursor'), timeEnd: element('time-end'), player});
const result = new ResultView({transcript: element('transcript'), partial: element('partial'),
  segments: element('segments'), probabilities: element('probabilities'), timings: element('timings'), player});
const inspect = new InspectView({element, onError: showError});
const speech = new SpeechView({canvas: element('speech-probability'), caption: element('speech-caption')});

function showError(error) {
  element('error').textContent = error.message;
  element('error').hidden = false;
}

function clearError() {
  element('error').hidden = true;
}

function status(text) {
  element('status').textContent = text;
}

function selectedModel() {
  return models.get(element('model').value);
}

/** The hints in the empty cards, hidden once there is something to show there. */
function showHints({signal: noSignal, transcript: noTranscript}) {
  element('signal-hint').hidden = !noSignal;
  element('transcript-hint').hidden = !noTranscript;
}

/** When the model heard nothing it knows, the other models that might: a digits model is a digits model. */
function suggestOtherModels(heardNothing) {
  const hint = element('model-hint');
  const current = selectedModel();
  const others = [...models.values()]
      .filter((model) => model.id !== current.id && model.state !== 'failed' && model.task !== 'vad')
      .map((model) => model.id);
  hint.hidden = !heardNothing;
  hint.textContent = [`${current.id} heard nothing it knows in this audio.`, current.description,
    others.length ? `Another model may: ${others.join(', ')}.` : ''].filter(Boolean).join(' ');
}

async function loadModels() {
  const list = await api.models();
  const picker = element('model');
  picker.replaceChildren();
  models.clear();
  for (const model of list.data) {
    models.set(model.id, model);
    const label = { ready: `${model.id} (${model.task})`, stale: `${model.id} (${model.task}, last good version)` };
    const option = new Option(label[model.state] ?? `${model.id} (failed)`, model.id);
    option.disabled = model.state === 'failed';
    if (model.state === 'stale') option.title = `Its new version failed to load: ${model.reason}`;
    picker.append(option);
  }
  picker.value = list.default_model;
  await modelChanged();
}

async function modelChanged() {
  const model = selectedModel();
  element('model-description').textContent = model.description ?? '';
  await inspect.useModel(model);
}

/** Makes the file the current audio: playable, drawn, and what "Look inside" explains. */
async function useAudio(file) {
  URL.revokeObjectURL(playerUrl);
  playerUrl = URL.createObjectURL(file);
  player.src = playerUrl;
  inspect.useAudio(file, playerUrl);
  let decoded;
  try {
    decoded = await decodeToMono(file);
  } catch (failure) {
    throw new Error(`This browser cannot decode the file to draw it (${failure.message}).`);
  }
  signal.show(decoded, selectedModel().sampleRate / 2);
  element('signal-hint').hidden = true;
  element('inspect-hint').hidden = true;
  await speech.show(models.get(SPEECH_DETECTOR), file);
}

/** Draws and transcribes at once; when both fail, the server's reason is the one worth reading. */
async function transcribeFile(file) {
  clearError();
  result.clear();
  // The last audio's pictures go at once: if this file cannot be drawn, they must not pass for it.
  signal.clear();
  speech.clear();
  showHints({signal: true, transcript: true});
  suggestOtherModels(false);
  if (selectedModel().task === 'vad') {
    // A speech detector does not transcribe: what it says is the probability strip under the spectrogram.
    status(`${file.name}: ${selectedModel().id} finds speech, it does not transcribe; see the speech probability`);
    await useAudio(file);
    return;
  }
  status(`Transcribing ${file.name}…`);
  const [drawing, transcription] = await Promise.allSettled([useAudio(file), api.transcribe(selectedModel().id, file)]);
  if (transcription.status === 'rejected') {
    status('');
    showError(transcription.reason);
    return;
  }
  result.showTranscription(transcription.value);
  element('transcript-hint').hidden = true;
  suggestOtherModels(!transcription.value.text);
  inspect.useTranscription(transcription.value.text, transcription.value.label, transcription.value.segments);
  status(`${file.name}: ${transcription.value.duration.toFixed(2)} s of audio`);
  if (drawing.status === 'rejected') {
    showError(drawing.reason);
  }
}

async function startRecording() {
  clearError();
  result.clear();
  signal.clear();
  showHints({signal: false, transcript: false});
  suggestOtherModels(false);
  element('record').disabled = true;
  speech.startLive();
  try {
    live = await LiveSession.start(selectedModel().id, {
      onPartial: (text) => result.showPartial(text),
      onFinal: (final) => result.addFinal(final),
      onError: showError,
      onLevel: (db) => (element('level').value = db),
      onSpeech: (heard) => (element('hearing').hidden = !heard),
      onSpeechProbability: (heard) => speech.addLive(heard),
    });
    element('level-box').hidden = false;
    element('stop').disabled = false;
    element('stop').focus();
    status(`Recording at ${live.sampleRate} Hz…`);
  } catch (failure) {
    speech.clear();
    element('record').disabled = false;
    showError(new Error(`The microphone could not be opened: ${failure.message}`));
  }
}

async function stopRecording() {
  element('stop').disabled = true;
  status('Finishing…');
  const recording = await live.stop();
  live = null;
  element('level-box').hidden = true;
  element('hearing').hidden = true;
  element('record').disabled = false;
  const seconds = recording.samples.length / recording.sampleRate;
  status(`Recorded ${seconds.toFixed(2)} s`);
  inspect.useTranscription(element('transcript').textContent, undefined);
  suggestOtherModels(!element('transcript').textContent);
  await useAudio(wavFile(recording.samples, recording.sampleRate, 'recording.wav'));
}

function reportFailures(action) {
  return (...args) => action(...args).catch(showError);
}

element('api-key').value = apiKey();
element('api-key-form').addEventListener('submit', reportFailures(async (event) => {
  event.preventDefault();
  setApiKey(element('api-key').value.trim());
  clearError();
  await loadModels();
}));
element('model').addEventListener('change', reportFailures(modelChanged));
element('file').addEventListener('change', reportFailures(async (event) => {
  const [file] = event.target.files;
  if (file) {
    await transcribeFile(file);
  }
}));
element('record').addEventListener('click', reportFailures(startRecording));
element('stop').addEventListener('click', reportFailures(stopRecording));

loadModels().catch(showError);
