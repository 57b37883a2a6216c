package dev.zora.api.explain;

import dev.zora.api.problem.ApiException;
import dev.zora.api.problem.ProblemKind;
import dev.zora.explain.SegmentSelection;
import dev.zora.pipeline.SpeechDetection;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.jboss.resteasy.reactive.RestQuery;

/** Which audio an explain request is about: the whole file, or one utterance as transcribed. */
public record SegmentQuery(
    @RestQuery
        @Parameter(
            description =
                "Explain this utterance of the file (0 first), cut and padded as the transcription"
                    + " endpoints cut it: its index is that of the transcript's segment. Absent: the"
                    + " whole file as one input")
        Integer segment,
    @RestQuery
        @Parameter(
            description =
                "With segment: the speech detector that cuts the file, silero or energy, as on the"
                    + " transcription endpoints; the server's default (zora.segmentation.vad) when"
                    + " absent")
        String vad) {

  /** The selection, or null for the whole file. */
  SegmentSelection toSelection() {
    boolean namesDetector = vad != null && !vad.isBlank();
    if (segment == null) {
      if (namesDetector) {
        throw new ApiException(
            ProblemKind.BAD_REQUEST,
            "vad chooses how the file is cut into segments; give segment too, or leave vad out");
      }
      return null;
    }
    try {
      return new SegmentSelection(
          segment, namesDetector ? SpeechDetection.fromWireName(vad.strip()) : null);
    } catch (IllegalArgumentException e) {
      throw new ApiException(ProblemKind.BAD_REQUEST, e.getMessage());
    }
  }
}
