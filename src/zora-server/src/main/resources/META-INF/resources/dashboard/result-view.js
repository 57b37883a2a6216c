// What the model said: the transcript, its timed segments (each a button that plays it), the class
// probabilities of a classifier, the timings of the pipeline's stages, and live partial results.

export class ResultView {
  constructor({transcript, partial, segments, probabilities, timings, player}) {
    Object.assign(this, {transcriptElement: transcript, partialElement: partial, segmentsElement: segments,
      probabilitiesElement: probabilities, timingsElement: timings, player});
  }

  clear() {
    this.transcriptElement.textContent = '';
    this.partialElement.textContent = '';
    this.segmentsElement.replaceChildren();
    this.probabilitiesElement.replaceChildren();
    this.timingsElement.replaceChildren();
  }

  /** The answer of POST /v1/transcriptions. */
  showTranscription(result) {
    this.clear();
    this.transcriptElement.textContent = result.text || (result.label ? `(${result.label})` : '(no words heard)');
    result.segments.forEach((segment) => this.addSegment(segment));
    if (result.probabilities) {
      this.showProbabilities(result.probabilities, result.label);
    }
    this.showTimings(result.timings);
  }

  /** A live partial result replaces the previous one. */
  showPartial(text) {
    this.partialElement.textContent = text;
  }

  /** A live final: its text joins the transcript, its segments the list. */
  addFinal(final) {
    this.partialElement.textContent = '';
    if (final.text) {
      this.transcriptElement.textContent = [this.transcriptElement.textContent, final.text].filter(Boolean).join(' ');
      final.segments.forEach((segment) => this.addSegment(segment));
    }
  }

  addSegment({start, end, text, confidence}) {
    const item = document.createElement('li');
    const play = document.createElement('button');
    play.type = 'button';
    play.className = 'segment';
    play.textContent = `${start.toFixed(2)}–${end.toFixed(2)} s  ${text}  ${percent(confidence)}`;
    play.title = 'Play this segment';
    play.addEventListener('click', () => this.playSegment(start, end));
    item.append(play);
    this.segmentsElement.append(item);
  }

  playSegment(start, end) {
    this.player.currentTime = start;
    const stopAtEnd = () => {
      if (this.player.currentTime >= end) {
        this.player.pause();
        this.player.removeEventListener('timeupdate', stopAtEnd);
      }
    };
    this.player.addEventListener('timeupdate', stopAtEnd);
    this.player.play();
  }

  showProbabilities(probabilities, winner) {
    for (const [label, probability] of Object.entries(probabilities)) {
      const row = document.createElement('div');
      row.className = label === winner ? 'probability winner' : 'probability';
      const name = document.createElement('span');
      name.textContent = label;
      const bar = document.createElement('meter');
      bar.min = 0;
      bar.max = 1;
      bar.value = probability;
      bar.setAttribute('aria-label', `${label} probability`);
      const value = document.createElement('span');
      value.textContent = percent(probability);
      row.append(name, bar, value);
      this.probabilitiesElement.append(row);
    }
  }

  showTimings({decodeMs, frontendMs, inferenceMs, totalMs}) {
    const stages = [['Decode', decodeMs], ['Front end', frontendMs], ['Inference', inferenceMs], ['Total', totalMs]];
    for (const [name, ms] of stages) {
      const term = document.createElement('dt');
      term.textContent = name;
      const value = document.createElement('dd');
      value.textContent = `${ms.toFixed(1)} ms`;
      this.timingsElement.append(term, value);
    }
  }
}

export function percent(fraction) {
  return `${(100 * fraction).toFixed(1)} %`;
}
