"""Training pipeline for the shield-minilm-l6 model (never imported by shield_middleware)."""
