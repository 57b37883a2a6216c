package dev.zora.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zora.testing.WavWriter;
import dev.zora.testing.WavWriter.Encoding;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WavDecoderTest {
  private final WavDecoder decoder = new WavDecoder();

  private static float[] sweep(int n) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) (0.8 * Math.sin(0.001 * i * i / 10.0));
    }
    return x;
  }

  @ParameterizedTest(name = "{0}, extensible={1}")
  @CsvSource({
    "PCM_U8, false, 0.008",
    "PCM_16, false, 3.1e-5",
    "PCM_24, false, 1.2e-7",
    "PCM_32, false, 1e-9",
    "FLOAT_32, false, 0",
    "FLOAT_64, false, 1e-7",
    "PCM_16, true, 3.1e-5",
    "PCM_24, true, 1.2e-7",
    "FLOAT_32, true, 0"
  })
  void decodesEveryEncodingToTheSamplesWithinItsQuantisationStep(
      Encoding encoding, boolean extensible, double tolerance) {
    float[] signal = sweep(4000);
    PcmAudio audio = decoder.decode(WavWriter.write(22050, encoding, extensible, signal));
    assertEquals(22050, audio.sampleRate());
    assertEquals(signal.length, audio.sampleCount());
    float[] decoded = audio.samples();
    for (int i = 0; i < signal.length; i++) {
      assertEquals(signal[i], decoded[i], tolerance + 1e-7, "sample " + i);
    }
  }

  @Test
  void mixesStereoDownToTheMeanOfTheChannels() {
    float[] left = sweep(1000);
    float[] right = new float[1000];
    Arrays.fill(right, 0.25f);
    float[] mono =
        decoder.decode(WavWriter.write(8000, Encoding.FLOAT_32, false, left, right)).samples();
    for (int i = 0; i < mono.length; i++) {
      assertEquals((left[i] + 0.25f) / 2, mono[i], 1e-6);
    }
  }

  @Test
  void skipsUnknownChunksIncludingOddSizedOnesBeforeTheData() {
    byte[] plain = WavWriter.write(8000, Encoding.PCM_16, false, sweep(100));
    // RIFF header (12) + fmt chunk (8 + 16) = 36 bytes; put an odd-sized LIST chunk after fmt.
    ByteArrayOutputStream withList = new ByteArrayOutputStream();
    withList.write(plain, 0, 36);
    withList.writeBytes(WavWriter.chunk("LIST", "INFOabc".getBytes(StandardCharsets.US_ASCII)));
    withList.write(plain, 36, plain.length - 36);
    assertEquals(decoder.decode(plain), decoder.decode(withList.toByteArray()));
  }

  @Test
  void readsTheSamplesThatArrivedWhenTheDataChunkIsCutShort() {
    byte[] full = WavWriter.write(8000, Encoding.PCM_16, false, sweep(1000));
    byte[] cut = Arrays.copyOf(full, 44 + 2 * 600 + 1); // 600 whole samples and half of one more
    PcmAudio audio = decoder.decode(cut);
    assertEquals(600, audio.sampleCount());
    assertEquals(
        Arrays.toString(Arrays.copyOf(decoder.decode(full).samples(), 600)),
        Arrays.toString(audio.samples()));
  }

  @Test
  void readsStreamedFilesWhoseDataSizeIsUnknown() {
    byte[] wav = WavWriter.write(8000, Encoding.PCM_16, false, sweep(500));
    System.arraycopy(WavWriter.le32(-1), 0, wav, 40, 4); // 0xFFFFFFFF, as ffmpeg writes to a pipe
    assertEquals(500, decoder.decode(wav).sampleCount());
  }

  @Test
  void refusesAHeaderCutShortWithADetailThatSaysSo() {
    byte[] wav = WavWriter.write(8000, Encoding.PCM_16, false, sweep(500));
    for (int length : new int[] {4, 11, 20, 30}) {
      UnusableAudioException e =
          assertThrows(
              UnusableAudioException.class,
              () -> decoder.decode(Arrays.copyOf(wav, length)),
              "length " + length);
      assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }
  }

  @Test
  void refusesAFileWithoutSamples() {
    byte[] wav = WavWriter.write(8000, Encoding.PCM_16, false, new float[0]);
    UnusableAudioException e =
        assertThrows(UnusableAudioException.class, () -> decoder.decode(wav));
    assertTrue(e.getMessage().contains("no audio samples"), e.getMessage());
  }

  @Test
  void refusesInconsistentHeaders() {
    byte[] wav = WavWriter.write(8000, Encoding.PCM_16, false, sweep(100));
    wav[32] = 3; // block align 3 for one 16-bit channel
    UnusableAudioException e =
        assertThrows(UnusableAudioException.class, () -> decoder.decode(wav));
    assertTrue(e.getMessage().contains("block align"), e.getMessage());
  }

  @Test
  void reportsCompressedWavEncodingsAsNotPlainPcm() {
    byte[] wav = WavWriter.write(8000, Encoding.PCM_16, false, sweep(100));
    wav[20] = 0x11; // IMA ADPCM
    assertFalse(decoder.readHeader(wav).isPlainPcmOrFloat());
    UnsupportedAudioException e =
        assertThrows(UnsupportedAudioException.class, () -> decoder.decode(wav));
    assertTrue(e.getMessage().contains("0x0011"), e.getMessage());
  }

  @Test
  void anAdpcmHeaderWithItsOwnBlockSizeIsReadAndLeftToFfmpeg() {
    byte[] wav = WavWriter.write(8000, Encoding.PCM_16, false, sweep(100));
    wav[20] = 0x11; // IMA ADPCM: 4 bits a sample, blocks of 256 bytes
    wav[32] = 0;
    wav[33] = 1;
    wav[34] = 4;
    assertFalse(decoder.readHeader(wav).isPlainPcmOrFloat());
  }

  @Test
  void aSampleRateAboveTwoToThe31IsReportedAsTheUnsignedNumberTheHeaderHolds() {
    byte[] wav = WavWriter.write(8000, Encoding.PCM_16, false, sweep(100));
    wav[24] = 0;
    wav[25] = 0;
    wav[26] = 0;
    wav[27] = (byte) 0x80; // 2^31 Hz
    UnusableAudioException e =
        assertThrows(UnusableAudioException.class, () -> decoder.decode(wav));
    assertTrue(e.getMessage().contains("2147483648 Hz"), e.getMessage());
  }

  @Test
  void tellsWavFromOtherBytes() {
    assertTrue(decoder.looksLikeWav(WavWriter.write(8000, Encoding.PCM_16, false, sweep(10))));
    assertFalse(decoder.looksLikeWav("ID3\u0004 an mp3".getBytes(StandardCharsets.US_ASCII)));
    assertFalse(decoder.looksLikeWav(new byte[0]));
  }
}
