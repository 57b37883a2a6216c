package dev.zora.inference;

/** Where ONNX Runtime runs the graphs. */
public enum Device {
  CPU,
  /** NVIDIA GPU through the CUDA execution provider (needs the {@code cuda} Maven profile). */
  CUDA
}
