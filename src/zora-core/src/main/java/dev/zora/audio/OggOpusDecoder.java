package dev.zora.audio;

import com.jcraft.jogg.Packet;
import com.jcraft.jogg.Page;
import com.jcraft.jogg.StreamState;
import com.jcraft.jogg.SyncState;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Decodes Ogg/Opus (RFC 7845) in-process: JOrbis' Ogg demuxer gives the packets, an {@link
 * OpusPacketDecoder} decodes them (the system's libopus at the rate the caller wants, else
 * Concentus at 48 kHz, which Zora's own resampler takes from there). The encoder's pre-skip is
 * dropped and the end cut at the last page's granule position, as the format asks, and the header's
 * output gain applied. Mono and stereo streams (channel mapping 0, or 1 with up to two channels);
 * others go to ffmpeg.
 */
final class OggOpusDecoder implements CompressedDecoder {
  private static final int OPUS_RATE = 48_000;
  private static final byte[] OPUS_HEAD = "OpusHead".getBytes(StandardCharsets.US_ASCII);

  /** The first page's header with one lacing value: the identification packet starts here. */
  private static final int FIRST_PACKET_OFFSET = 28;

  /** Opens the packet decoder for a stream: (channels, wanted rate) to decoder. */
  private final BiFunction<Integer, Integer, OpusPacketDecoder> packetDecoders;

  /** Decodes with the system's libopus where it is installed, else with Concentus. */
  OggOpusDecoder() {
    this(OpusPacketDecoder::open);
  }

  /** Decodes with the packet decoders {@code packetDecoders} opens (tests pick one). */
  OggOpusDecoder(BiFunction<Integer, Integer, OpusPacketDecoder> packetDecoders) {
    this.packetDecoders = packetDecoders;
  }

  @Override
  public boolean recognises(byte[] bytes) {
    return bytes.length >= FIRST_PACKET_OFFSET + 19
        && bytes[0] == 'O'
        && bytes[1] == 'g'
        && bytes[2] == 'g'
        && bytes[3] == 'S'
        && Arrays.equals(
            bytes,
            FIRST_PACKET_OFFSET,
            FIRST_PACKET_OFFSET + OPUS_HEAD.length,
            OPUS_HEAD,
            0,
            OPUS_HEAD.length)
        && (bytes[FIRST_PACKET_OFFSET + 9] & 0xFF) >= 1
        && (bytes[FIRST_PACKET_OFFSET + 9] & 0xFF) <= 2;
  }

  @Override
  public void decode(byte[] bytes, double maxSeconds, int wantedRate, PcmSink sink) {
    Stream stream = demux(bytes);
    if (stream.channels < 1
        || stream.channels > 2) { // the first page said otherwise (found by fuzzing)
      throw new UnusableAudioException(
          "the Ogg/Opus identification header declares "
              + stream.channels
              + " channels; mono and stereo are decoded");
    }
    try (OpusPacketDecoder decoder = packetDecoders.apply(stream.channels, wantedRate)) {
      decode(stream, decoder, maxSeconds, sink);
    }
  }

  private static void decode(
      Stream stream, OpusPacketDecoder decoder, double maxSeconds, PcmSink sink) {
    int rate = decoder.sampleRate();
    // The header's pre-skip and the granule positions count 48 kHz samples, whatever the rate.
    long skip = stream.preSkip * (long) rate / OPUS_RATE;
    long end =
        stream.lastGranule < 0
            ? Long.MAX_VALUE
            : (stream.lastGranule - stream.preSkip) * rate / OPUS_RATE;
    float gain = (float) Math.pow(10, stream.outputGainQ8 / (20.0 * 256));
    sink.start(rate);
    short[] pcm = new short[rate * 120 / 1000 * stream.channels]; // the longest Opus frame, 120 ms
    long decoded = 0; // samples per channel, pre-skip included
    long delivered = 0;
    for (byte[] packet : stream.audioPackets) {
      int frames;
      try {
        frames = decoder.decode(packet, pcm);
      } catch (UnusableAudioException damaged) {
        throw new UnusableAudioException(
            "the Opus stream is damaged after " + delivered + " samples");
      }
      int from = (int) Math.max(0, Math.min(frames, skip - decoded));
      int to = (int) Math.max(from, Math.min(frames, end + skip - decoded));
      decoded += frames;
      if (to > from) {
        float[] mono =
            Pcm.toMono(pcm, from * stream.channels, (to - from) * stream.channels, stream.channels);
        if (gain != 1f) {
          for (int i = 0; i < mono.length; i++) {
            mono[i] = Math.max(-1f, Math.min(1f, mono[i] * gain));
          }
        }
        sink.accept(mono);
        delivered += mono.length;
        if (delivered > (maxSeconds + 1) * rate) {
          return; // long enough to be refused as too long
        }
      }
    }
    if (delivered == 0) {
      throw new UnusableAudioException("the Ogg/Opus file holds no audio");
    }
  }

  private record Stream(
      int channels, int preSkip, int outputGainQ8, long lastGranule, List<byte[]> audioPackets) {}

  /** The first logical stream's packets, after its two header packets, and its header fields. */
  private static Stream demux(byte[] bytes) {
    SyncState sync = new SyncState();
    int at = sync.buffer(bytes.length);
    System.arraycopy(bytes, 0, sync.data, at, bytes.length);
    sync.wrote(bytes.length);
    StreamState state = new StreamState();
    Page page = new Page();
    Packet packet = new Packet();
    byte[] head = null;
    int headers = 0;
    long lastGranule = -1;
    List<byte[]> audio = new ArrayList<>();
    int serial = 0;
    boolean started = false;
    int result;
    while ((result = sync.pageout(page)) != 0) {
      if (result < 0) {
        continue; // bytes lost before a page: JOrbis resynchronises on the next one
      }
      if (!started) {
        serial = page.serialno();
        state.init(serial);
        started = true;
      }
      if (page.serialno() != serial || state.pagein(page) != 0) {
        continue; // another logical stream, or a page that does not fit
      }
      if (page.granulepos() >= 0 && headers >= 2) {
        lastGranule = page.granulepos();
      }
      while (state.packetout(packet) == 1) {
        byte[] data =
            Arrays.copyOfRange(packet.packet_base, packet.packet, packet.packet + packet.bytes);
        if (headers == 0) {
          head = data;
        }
        if (headers < 2) {
          headers++; // OpusHead, then OpusTags
        } else if (data.length > 0) {
          audio.add(data);
        }
      }
    }
    if (head == null || head.length < 19) {
      throw new UnusableAudioException("the Ogg/Opus file's identification header is truncated");
    }
    int channels = head[9] & 0xFF;
    int preSkip = (head[10] & 0xFF) | (head[11] & 0xFF) << 8;
    int gain = (short) ((head[16] & 0xFF) | (head[17] & 0xFF) << 8);
    return new Stream(channels, preSkip, gain, lastGranule, audio);
  }
}
