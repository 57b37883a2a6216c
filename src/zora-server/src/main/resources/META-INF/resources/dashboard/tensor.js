// Tensors as the explain endpoints send them: shape, dtype (float32 or float16) and base64 of the
// little-endian values, row-major.

/** @returns {Float32Array} the values */
export function decodeTensor({dtype, data}) {
  const bytes = Uint8Array.from(atob(data), (ch) => ch.charCodeAt(0));
  const view = new DataView(bytes.buffer);
  if (dtype === 'float16') {
    const values = new Float32Array(bytes.length / 2);
    values.forEach((_, i) => (values[i] = halfToFloat(view.getUint16(2 * i, true))));
    return values;
  }
  const values = new Float32Array(bytes.length / 4);
  values.forEach((_, i) => (values[i] = view.getFloat32(4 * i, true)));
  return values;
}

function halfToFloat(bits) {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) {
    return sign * 2 ** -14 * (fraction / 1024);
  }
  if (exponent === 0x1f) {
    return fraction ? NaN : sign * Infinity;
  }
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

/** Row-major strides of a shape. */
export function strides(shape) {
  const result = new Array(shape.length);
  let stride = 1;
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    result[axis] = stride;
    stride *= shape[axis];
  }
  return result;
}
