"""Side-by-side runs of LLM Guard and detect-secrets in their own virtual environment."""
