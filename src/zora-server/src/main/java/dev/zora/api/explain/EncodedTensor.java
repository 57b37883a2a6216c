package dev.zora.api.explain;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Tensor values in compact form. */
@Schema(
    name = "EncodedTensor",
    description = "Row-major values as base64 of little-endian IEEE floats")
public record EncodedTensor(
    @Schema(description = "Axis sizes", examples = "[1, 16, 49, 20]") long[] shape,
    @Schema(
            description = "float32 (4 bytes a value) or float16 (2)",
            enumeration = {"float32", "float16"})
        String dtype,
    @Schema(description = "base64 of the values, row-major, little-endian") String data) {

  static EncodedTensor of(float[] values, long[] shape, TensorEncoding encoding) {
    return new EncodedTensor(shape, encoding.apiName(), encoding.encode(values));
  }
}
