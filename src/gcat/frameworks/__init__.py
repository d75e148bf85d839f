"""Framework content as versioned data: loading and validation."""

from gcat.frameworks.loader import (
    available_frameworks,
    framework_dir,
    load_framework,
    validate_path,
)

__all__ = [
    "available_frameworks",
    "framework_dir",
    "load_framework",
    "validate_path",
]
