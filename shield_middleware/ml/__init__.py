"""The ML runtime: registry, tokenizer, ONNX engine, lazy loader, micro-batcher, metrics.

This is the only package that imports onnxruntime and tokenizers; nothing outside it imports
it eagerly, so ``import shield_middleware`` stays light. The core imports it when a model is
first needed and uses `OnnxClassifier`.
"""

from __future__ import annotations

from shield_middleware.ml.batcher import MicroBatcher
from shield_middleware.ml.classifier import OnnxClassifier
from shield_middleware.ml.engine import EngineOptions, InferenceEngine, InferenceResult
from shield_middleware.ml.errors import (
    ModelDownloadError,
    ModelError,
    ModelIntegrityError,
    ModelNotFoundError,
    RegistryError,
)
from shield_middleware.ml.loader import ModelLoader
from shield_middleware.ml.metrics import InferenceMetrics
from shield_middleware.ml.registry import (
    ModelRegistry,
    ResolvedModel,
    default_cache_dir,
    default_registry_path,
)
from shield_middleware.ml.spec import FileSpec, HeadSpec, ModelSpec
from shield_middleware.ml.tokenizer import EncodedBatch, TokenizerWrapper, WindowedTexts

__all__ = [
    "EncodedBatch",
    "EngineOptions",
    "FileSpec",
    "HeadSpec",
    "InferenceEngine",
    "InferenceMetrics",
    "InferenceResult",
    "MicroBatcher",
    "ModelDownloadError",
    "ModelError",
    "ModelIntegrityError",
    "ModelLoader",
    "ModelNotFoundError",
    "ModelRegistry",
    "ModelSpec",
    "OnnxClassifier",
    "RegistryError",
    "ResolvedModel",
    "TokenizerWrapper",
    "WindowedTexts",
    "default_cache_dir",
    "default_registry_path",
]
