package dev.zora.api.explain;

import dev.zora.explain.SelectedSegment;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "ExplainedSegment", description = "The utterance explained, when segment was given")
public record SegmentResponse(
    @Schema(description = "Its index among the file's utterances", examples = "1") int index,
    @Schema(description = "How many utterances transcription cuts the file into", examples = "3")
        int count,
    @Schema(
            description =
                "Where the explained input's first frame lies in the file, in seconds; before the"
                    + " utterance (even below 0) where edge context was padded on",
            examples = "2.75")
        double startSeconds,
    @Schema(description = "How long the explained input is, in seconds", examples = "1.4")
        double durationSeconds) {

  static SegmentResponse of(SelectedSegment segment) {
    return segment == null
        ? null
        : new SegmentResponse(
            segment.index(), segment.count(), segment.startSeconds(), segment.durationSeconds());
  }
}
