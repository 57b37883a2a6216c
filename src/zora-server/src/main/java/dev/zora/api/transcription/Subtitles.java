package dev.zora.api.transcription;

import dev.zora.decode.Segment;
import java.util.List;
import java.util.Locale;

/** SubRip and WebVTT renderings of a transcript's segments. */
public final class Subtitles {
  private Subtitles() {}

  static String srt(List<Segment> segments) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < segments.size(); i++) {
      Segment s = segments.get(i);
      out.append(i + 1)
          .append('\n')
          .append(timestamp(s.startSeconds(), ','))
          .append(" --> ")
          .append(timestamp(s.endSeconds(), ','))
          .append('\n')
          .append(s.text())
          .append("\n\n");
    }
    return out.toString();
  }

  static String vtt(List<Segment> segments) {
    StringBuilder out = new StringBuilder("WEBVTT\n\n");
    for (Segment s : segments) {
      out.append(timestamp(s.startSeconds(), '.'))
          .append(" --> ")
          .append(timestamp(s.endSeconds(), '.'))
          .append('\n')
          .append(s.text())
          .append("\n\n");
    }
    return out.toString();
  }

  /** {@code HH:MM:SS,mmm} (SubRip) or {@code HH:MM:SS.mmm} (WebVTT). */
  public static String timestamp(double seconds, char decimalMark) {
    long millis = Math.round(seconds * 1000);
    return String.format(
        Locale.ROOT,
        "%02d:%02d:%02d%c%03d",
        millis / 3_600_000,
        millis / 60_000 % 60,
        millis / 1000 % 60,
        decimalMark,
        millis % 1000);
  }
}
