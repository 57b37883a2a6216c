"""Zora's training recipe: data, features, models and ONNX export for the bundles in models/."""
