// Zora's REST API as the dashboard calls it: every request goes to the page's own origin, with
// the API key (when the user gave one) as a bearer token, and every refusal becomes an ApiError
// that reads like the server's problem+json.

const KEY_STORAGE = 'zora.apiKey';

/** A refusal or failure, readable as one sentence. */
export class ApiError extends Error {
  constructor(status, title, detail) {
    super(status ? `${title} (${status}): ${detail}` : `${title}: ${detail}`);
    this.status = status;
  }
}

export function apiKey() {
  return sessionStorage.getItem(KEY_STORAGE) ?? '';
}

/** Kept for this browser tab only: sessionStorage is cleared when the tab closes. */
export function setApiKey(key) {
  if (key) {
    sessionStorage.setItem(KEY_STORAGE, key);
  } else {
    sessionStorage.removeItem(KEY_STORAGE);
  }
}

async function request(path, options = {}) {
  const headers = new Headers(options.headers);
  const key = apiKey();
  if (key) {
    headers.set('Authorization', `Bearer ${key}`);
  }
  let response;
  try {
    response = await fetch(path, {...options, headers});
  } catch (failure) {
    throw new ApiError(0, 'Zora did not answer', failure.message);
  }
  if (!response.ok) {
    throw await problemOf(response);
  }
  return response.json();
}

async function problemOf(response) {
  const type = response.headers.get('Content-Type') ?? '';
  if (type.includes('json')) {
    // problem+json on Zora's own API; OpenAI's {"error": {"message"}} on /v1/models and /v1/audio/*.
    const problem = await response.json();
    const hint = response.status === 401 ? ' Enter a key in the API key field.' : '';
    const detail = problem.detail ?? problem.error?.message ?? '';
    return new ApiError(response.status, problem.title ?? response.statusText, detail + hint);
  }
  return new ApiError(response.status, response.statusText || 'Error', await response.text());
}

function query(parameters) {
  const defined = Object.entries(parameters).filter(([, value]) => value !== undefined && value !== '');
  return new URLSearchParams(defined).toString();
}

/**
 * Audio goes as the request body. The server tells formats apart by their bytes, so a file whose
 * type the browser does not know (or calls video/webm) goes as application/octet-stream.
 */
function postAudio(path, audio) {
  return request(path, {
    method: 'POST',
    headers: {'Content-Type': audio.type.startsWith('audio/') ? audio.type : 'application/octet-stream'},
    body: audio,
  });
}

export const api = {
  models: () => request('/v1/models'),
  layers: (model) => request(`/v1/models/${encodeURIComponent(model)}/layers`),
  transcribe: (model, audio) => postAudio(`/v1/transcriptions?${query({model})}`, audio),
  activations: (model, layer, audio, segment) =>
    postAudio(`/v1/models/${encodeURIComponent(model)}/activations?${query({layers: layer, segment})}`, audio),
  attributions: (model, parameters, audio) =>
    postAudio(`/v1/models/${encodeURIComponent(model)}/attributions?${query(parameters)}`, audio),
};
