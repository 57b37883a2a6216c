package dev.zora.stream;

import dev.zora.audio.SampleFormat;
import java.util.Arrays;
import java.util.Optional;

/** The PCM encodings a stream may declare, by their names in the start message. */
enum StreamEncoding {
  PCM_S16LE("pcm_s16le", SampleFormat.S16),
  PCM_F32LE("pcm_f32le", SampleFormat.F32);

  private final String wireName;
  private final SampleFormat format;

  StreamEncoding(String wireName, SampleFormat format) {
    this.wireName = wireName;
    this.format = format;
  }

  String wireName() {
    return wireName;
  }

  SampleFormat format() {
    return format;
  }

  static Optional<StreamEncoding> of(String wireName) {
    return Arrays.stream(values()).filter(e -> e.wireName.equals(wireName)).findFirst();
  }

  static String names() {
    return String.join(", ", Arrays.stream(values()).map(StreamEncoding::wireName).toList());
  }
}
