package dev.zora.api.upload;

import dev.zora.api.problem.ApiException;
import dev.zora.api.problem.ProblemKind;
import dev.zora.server.ZoraConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * The audio of a request, from its body or its form's one {@code file} part, refused with a 400
 * when there is none, more than one part or 0 bytes, and with a 413 when it is over {@code
 * zora.limits.max-upload-bytes}: the same checks for every endpoint that takes audio.
 */
@ApplicationScoped
public class UploadedAudio {
  private final long maxUploadBytes;

  public UploadedAudio(ZoraConfig config) {
    this.maxUploadBytes = config.limits().maxUploadBytes();
  }

  /** Audio sent as the request's body. */
  public byte[] body(byte[] audio) {
    requireWithinLimit(audio.length);
    return nonEmpty(audio);
  }

  /** Audio sent as the form's {@code file} part; RESTEasy hands every part of that name. */
  public byte[] filePart(List<FileUpload> parts) {
    if (parts == null || parts.isEmpty()) {
      throw new ApiException(
          ProblemKind.BAD_REQUEST,
          "the multipart form has no `file` part; send the audio as a file part named `file`");
    }
    if (parts.size() > 1) {
      throw new ApiException(
          ProblemKind.BAD_REQUEST,
          "the multipart form has "
              + parts.size()
              + " `file` parts; send one audio file per request");
    }
    FileUpload file = parts.get(0);
    requireWithinLimit(file.size());
    try {
      return nonEmpty(Files.readAllBytes(file.uploadedFile()));
    } catch (IOException e) {
      throw new UncheckedIOException("reading the uploaded file failed", e);
    }
  }

  private static byte[] nonEmpty(byte[] audio) {
    if (audio.length == 0) {
      throw new ApiException(
          ProblemKind.BAD_REQUEST,
          "the request carries no audio (0 bytes); send the audio file as the body or the `file` part");
    }
    return audio;
  }

  private void requireWithinLimit(long bytes) {
    if (bytes > maxUploadBytes) {
      throw new ApiException(
          ProblemKind.PAYLOAD_TOO_LARGE, UploadLimit.tooLargeDetail(bytes, maxUploadBytes));
    }
  }
}
